using System.Text;
using Coder.Client.Models;

namespace Coder.Client.Jobs;

/// <summary>A provisioner job ended failed or canceled. Carries the job, coderd's error and the last log lines,
/// which usually hold Terraform's own explanation.</summary>
public sealed class ProvisionerJobFailedException : Exception
{
    internal ProvisionerJobFailedException(string description, ProvisionerJob job, IReadOnlyList<string> logTail)
        : base(Compose(description, job, logTail))
    {
        Job = job;
        LogTail = logTail;
    }

    public ProvisionerJob Job { get; }

    /// <summary><see cref="ProvisionerJobStatus.Failed"/> or <see cref="ProvisionerJobStatus.Canceled"/>.</summary>
    public string Status => Job.Status;

    /// <summary>coderd's error text for the job (empty when it gave none).</summary>
    public string JobError => Job.Error;

    /// <summary>A machine-readable cause when coderd knows one, e.g. <see cref="JobErrorCode.RequiredTemplateVariables"/>.</summary>
    public string ErrorCode => Job.ErrorCode;

    /// <summary>The job's last log lines, oldest first, as <c>stage: output</c>.</summary>
    public IReadOnlyList<string> LogTail { get; }

    private static string Compose(string description, ProvisionerJob job, IReadOnlyList<string> logTail)
    {
        var text = new StringBuilder()
            .Append(char.ToUpperInvariant(description[0])).Append(description.AsSpan(1))
            .Append(job.Status == ProvisionerJobStatus.Canceled ? " was canceled" : " failed");
        if (!string.IsNullOrWhiteSpace(job.Error))
        {
            text.Append(": ").Append(job.Error.TrimEnd());
        }

        if (!string.IsNullOrEmpty(job.ErrorCode))
        {
            text.Append(" (").Append(job.ErrorCode).Append(')');
        }

        text.Append('.');
        if (logTail.Count > 0)
        {
            text.AppendLine().Append("Last log lines:");
            foreach (var line in logTail)
            {
                text.AppendLine().Append("  ").Append(line);
            }
        }

        return text.ToString();
    }
}
