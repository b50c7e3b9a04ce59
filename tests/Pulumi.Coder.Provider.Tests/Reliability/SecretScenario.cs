using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Coder.Double;
using Coder.Double.Control;
using Pulumi.Coder.EngineHarness;
using Pulumi.Coder.Provider.Tests.EndToEnd;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>What a scenario row builds its inputs from: the engine, the double, the resources created so far (by
/// row name) and the template folders.</summary>
public sealed record ScenarioContext(EngineDriver Engine, CoderDouble Coder, WorkspaceTemplates Templates, IReadOnlyDictionary<string, ResourceState> Created)
{
    public string Id(string row) => Created[row].Id;
}

/// <summary>
/// One resource of the secrets scenario. It is created with a first secret value, then updated with a second one
/// (a rotation), refreshed, and destroyed. <paramref name="Secret"/> names what the value is (null for a resource that
/// takes no secret, whose inputs get null); <paramref name="CoderShowsIt"/> says Coder itself returns the value in its
/// answers (a workspace's parameter values), so the recording of Coder's traffic is not scanned for it.
/// </summary>
public sealed record SecretResourceRow(
    string Type,
    string Name,
    string? Secret,
    Func<ScenarioContext, string?, ImmutableDictionary<string, PropertyValue>> Inputs,
    bool CoderShowsIt = false)
{
    public override string ToString() => $"{Type} {Name}";
}

/// <summary>A step that fails while holding a secret, whose error must not quote it: <paramref name="Arrange"/> steers
/// the double first (a job that fails, say); <paramref name="Value"/> shapes the secret from a random nonce when the
/// failure needs a particular kind of value.</summary>
public sealed record FailingSecretRow(
    string What,
    string Type,
    string Secret,
    Func<ScenarioContext, string, ImmutableDictionary<string, PropertyValue>> Inputs,
    Action<CoderDouble>? Arrange = null,
    bool CoderShowsIt = false,
    Func<string, string>? Value = null)
{
    public override string ToString() => What;
}

/// <summary>
/// The secrets scenario as data: every resource, in dependency order, with the secret it takes, and the failing steps.
/// A new resource with a secret input adds a row here; the scan (<see cref="SecretScanTests"/>) needs no change. The
/// provider's own secrets (the token and the <c>coder:headers</c> values) are always part of it.
/// </summary>
public static class SecretScenario
{
    public const string Organization = "coder:index:Organization";
    public const string Group = "coder:index:Group";
    public const string User = "coder:index:User";
    public const string Template = "coder:index:Template";
    public const string TemplateVersion = "coder:index:TemplateVersion";
    public const string Workspace = "coder:index:Workspace";

    /// <summary>The template's sensitive Terraform variable, as coder-double.json declares it (no default: tfVars must
    /// set it).</summary>
    public static void DeclareSensitiveVariable(JsonObject declaration) =>
        declaration["variables"] = JsonNode.Parse("""[{"name": "api_key", "type": "string", "sensitive": true}]""");

    private static string TemplateFolder(ScenarioContext context, string marker) =>
        context.Templates.Folder(marker, DeclareSensitiveVariable);

    public static readonly IReadOnlyList<SecretResourceRow> Resources =
    [
        new(Organization, "scan-org", null, (_, _) => Map(("name", "scan-org"), ("displayName", "Scan"))),
        new(User, "scan-user", "the user's password", (_, password) => Map(("username", "scan-user"), ("email", "scan-user@example.com"),
            ("loginType", "password"), ("password", Secret(password)))),
        new(Group, "scan-group", null, (c, _) => Map(("name", "scan-group"), ("members", new[] { c.Id("scan-user") }))),
        new(Template, "scan-template", "the template's sensitive tfVars value", (c, apiKey) => Map(("name", "scan-template"),
            ("source", WireValues.FileArchive(TemplateFolder(c, "scan-template"))),
            ("tfVars", Secret(new Dictionary<string, object?> { ["api_key"] = apiKey })))),
        new(TemplateVersion, "scan-version", "the version's sensitive tfVars value", (c, apiKey) => Map(("templateId", c.Id("scan-template")),
            ("source", WireValues.FileArchive(TemplateFolder(c, "scan-version"))),
            ("tfVars", Secret(new Dictionary<string, object?> { ["api_key"] = apiKey })))),
        // A program passing a parameter as a secret (a dotfiles URL with credentials in it, say).
        new(Workspace, "scan-workspace", "the workspace's secret parameter", (c, dotfiles) => Map(("name", "scan-workspace"),
            ("templateId", c.Id("scan-template")), ("parameters", Secret(new Dictionary<string, object?> { ["dotfiles"] = dotfiles, ["cpus"] = "2" }))),
            CoderShowsIt: true),
    ];

    public static readonly IReadOnlyList<FailingSecretRow> Failures =
    [
        new("a Check failure on a secret parameter value", Workspace, "a secret parameter value Check refuses",
            (c, region) => Map(("name", "scan-bad-region"), ("templateId", c.Id("scan-template")),
                ("parameters", Secret(new Dictionary<string, object?> { ["region"] = region })))),
        new("a password coderd finds too weak", User, "a weak password",
            (_, password) => Map(("username", "scan-weak"), ("email", "scan-weak@example.com"), ("password", Secret(password))),
            // Eight lowercase letters: well under coderd's 52 bits of entropy.
            Value: nonce => string.Concat(nonce.Take(8).Select(c => (char)('a' + c % 26)))),
        new("a workspace build that fails", Workspace, "a secret parameter of a failing build",
            (c, dotfiles) => Map(("name", "scan-failing-build"), ("templateId", c.Id("scan-template")),
                ("parameters", Secret(new Dictionary<string, object?> { ["dotfiles"] = dotfiles }))),
            c => c.Control.Jobs.Enqueue("workspace_build", new JobOutcome("failed", Error: "terraform apply: exit status 1", Logs: ["Error: clone failed"])),
            CoderShowsIt: true),
        new("a template import that fails", Template, "the tfVars value of a failing import",
            (c, apiKey) => Map(("name", "scan-failing-import"), ("source", WireValues.FileArchive(TemplateFolder(c, "scan-failing-import"))),
                ("tfVars", Secret(new Dictionary<string, object?> { ["api_key"] = apiKey }))),
            c => c.Control.Jobs.Enqueue("template_version_import", new JobOutcome("failed", Error: "terraform init: exit status 1"))),
        new("a template version import that fails", TemplateVersion, "the tfVars value of a failing version import",
            (c, apiKey) => Map(("templateId", c.Id("scan-template")), ("source", WireValues.FileArchive(TemplateFolder(c, "scan-failing-version"))),
                ("tfVars", Secret(new Dictionary<string, object?> { ["api_key"] = apiKey }))),
            c => c.Control.Jobs.Enqueue("template_version_import", new JobOutcome("failed", Error: "terraform init: exit status 1"))),
    ];
}
