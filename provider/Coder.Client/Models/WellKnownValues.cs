namespace Coder.Client.Models;

// String constants for the values coderd documents. Model fields stay plain strings so that a value added by a newer
// coderd is carried through instead of failing the read.

public static class ProvisionerType
{
    public const string Terraform = "terraform";
    public const string Echo = "echo";
}

public static class AgentSubsystem
{
    public const string Envbox = "envbox";
    public const string Envbuilder = "envbuilder";
    public const string Exectrace = "exectrace";
}

public static class AutomaticUpdates
{
    public const string Always = "always";
    public const string Never = "never";
}

public static class BuildReason
{
    public const string Initiator = "initiator";
    public const string Autostart = "autostart";
    public const string Autostop = "autostop";
    public const string Dormancy = "dormancy";
    public const string Dashboard = "dashboard";
    public const string Cli = "cli";
    public const string SshConnection = "ssh_connection";
    public const string VscodeConnection = "vscode_connection";
    public const string JetbrainsConnection = "jetbrains_connection";
    public const string TaskAutoPause = "task_auto_pause";
    public const string TaskManualPause = "task_manual_pause";
    public const string TaskResume = "task_resume";
}

public static class CORSBehavior
{
    public const string Simple = "simple";
    public const string Passthru = "passthru";
}

public static class CreateWorkspaceBuildReason
{
    public const string Dashboard = "dashboard";
    public const string Cli = "cli";
    public const string SshConnection = "ssh_connection";
    public const string VscodeConnection = "vscode_connection";
    public const string JetbrainsConnection = "jetbrains_connection";
    public const string TaskManualPause = "task_manual_pause";
    public const string TaskResume = "task_resume";
}

public static class DisplayApp
{
    public const string Vscode = "vscode";
    public const string VscodeInsiders = "vscode_insiders";
    public const string WebTerminal = "web_terminal";
    public const string PortForwardingHelper = "port_forwarding_helper";
    public const string SshHelper = "ssh_helper";
}

public static class Entitlement
{
    public const string Entitled = "entitled";
    public const string GracePeriod = "grace_period";
    public const string NotEntitled = "not_entitled";
}

public static class GroupSource
{
    public const string User = "user";
    public const string Oidc = "oidc";
}

public static class JobErrorCode
{
    public const string RequiredTemplateVariables = "REQUIRED_TEMPLATE_VARIABLES";
    public const string InsufficientQuota = "INSUFFICIENT_QUOTA";
}

/// <summary>codersdk.LogLevel, the level of a provisioner job log line.</summary>
public static class JobLogLevel
{
    public const string Trace = "trace";
    public const string Debug = "debug";
    public const string Info = "info";
    public const string Warn = "warn";
    public const string Error = "error";
}

/// <summary>codersdk.LogSource, where a provisioner job log line came from.</summary>
public static class JobLogSource
{
    public const string ProvisionerDaemon = "provisioner_daemon";
    public const string Provisioner = "provisioner";
}

public static class LoginType
{
    public const string Empty = "";
    public const string Password = "password";
    public const string Github = "github";
    public const string Oidc = "oidc";
    public const string Token = "token";
    public const string None = "none";
}

public static class ProvisionerDaemonStatus
{
    public const string Offline = "offline";
    public const string Idle = "idle";
    public const string Busy = "busy";
}

public static class ProvisionerJobStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Canceling = "canceling";
    public const string Canceled = "canceled";
    public const string Failed = "failed";
    public const string Unknown = "unknown";

    /// <summary>Succeeded, failed or canceled: the job will not change any more.</summary>
    public static bool IsCompleted(string? status) => status is Succeeded or Failed or Canceled;
}

public static class ProvisionerJobType
{
    public const string TemplateVersionImport = "template_version_import";
    public const string WorkspaceBuild = "workspace_build";
    public const string TemplateVersionDryRun = "template_version_dry_run";
}

public static class ProvisionerLogLevel
{
    public const string Debug = "debug";
}

public static class ProvisionerStorageMethod
{
    public const string File = "file";
}

public static class SharedWorkspaceActorType
{
    public const string Group = "group";
    public const string User = "user";
}

public static class TemplateRole
{
    public const string Admin = "admin";
    public const string Use = "use";
    public const string Empty = "";
}

public static class TemplateVersionWarning
{
    public const string UnsupportedWorkspaces = "UNSUPPORTED_WORKSPACES";
}

public static class UserStatus
{
    public const string Active = "active";
    public const string Dormant = "dormant";
    public const string Suspended = "suspended";
}

public static class ValidationMonotonicOrder
{
    public const string Increasing = "increasing";
    public const string Decreasing = "decreasing";
}

public static class WorkspaceAgentLifecycle
{
    public const string Created = "created";
    public const string Starting = "starting";
    public const string StartTimeout = "start_timeout";
    public const string StartError = "start_error";
    public const string Ready = "ready";
    public const string ShuttingDown = "shutting_down";
    public const string ShutdownTimeout = "shutdown_timeout";
    public const string ShutdownError = "shutdown_error";
    public const string Off = "off";
}

public static class WorkspaceAgentPortShareLevel
{
    public const string Owner = "owner";
    public const string Authenticated = "authenticated";
    public const string Organization = "organization";
    public const string Public = "public";
}

public static class WorkspaceAgentScriptStatus
{
    public const string Ok = "ok";
    public const string ExitFailure = "exit_failure";
    public const string TimedOut = "timed_out";
    public const string PipesLeftOpen = "pipes_left_open";
}

public static class WorkspaceAgentStartupScriptBehavior
{
    public const string Blocking = "blocking";
    public const string NonBlocking = "non-blocking";
}

public static class WorkspaceAgentStatus
{
    public const string Connecting = "connecting";
    public const string Connected = "connected";
    public const string Disconnected = "disconnected";
    public const string Timeout = "timeout";
}

public static class WorkspaceAppHealth
{
    public const string Disabled = "disabled";
    public const string Initializing = "initializing";
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
}

public static class WorkspaceAppOpenIn
{
    public const string SlimWindow = "slim-window";
    public const string Tab = "tab";
}

public static class WorkspaceAppSharingLevel
{
    public const string Owner = "owner";
    public const string Authenticated = "authenticated";
    public const string Organization = "organization";
    public const string Public = "public";
}

public static class WorkspaceAppStatusState
{
    public const string Working = "working";
    public const string Idle = "idle";
    public const string Complete = "complete";
    public const string Failure = "failure";
}

public static class WorkspaceRole
{
    public const string Admin = "admin";
    public const string Use = "use";
    public const string Empty = "";
}

public static class WorkspaceStatus
{
    public const string Pending = "pending";
    public const string Starting = "starting";
    public const string Running = "running";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string Failed = "failed";
    public const string Canceling = "canceling";
    public const string Canceled = "canceled";
    public const string Deleting = "deleting";
    public const string Deleted = "deleted";
}

public static class WorkspaceTransition
{
    public const string Start = "start";
    public const string Stop = "stop";
    public const string Delete = "delete";
}
