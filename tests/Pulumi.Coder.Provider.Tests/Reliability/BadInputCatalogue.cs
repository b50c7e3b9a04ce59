using System.Collections.Immutable;
using Pulumi.Coder.EngineHarness;
using Pulumi.Experimental;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>What the plugin is asked: a resource's Check, a function's Invoke, or the provider's CheckConfig.</summary>
public enum Target { Resource, Function, Config }

/// <summary>Which calls reach Coder before the refusal: none at all, or only reads (a workspace's parameters are
/// checked against its template version, which Check reads).</summary>
public enum CallsAllowed { None, ReadsOnly }

/// <summary>One invalid input: what is sent, the property the refusal must name, and a fragment of the fix it must
/// give. <paramref name="Olds"/> makes it an update; <paramref name="Licensed"/> false runs it against a deployment
/// without a license. String values <see cref="BadInputCatalogue.TemplateId"/>, <see cref="BadInputCatalogue.VersionId"/>
/// and <see cref="BadInputCatalogue.OrganizationId"/> stand for objects the runner creates first.</summary>
public sealed record BadInput(
    string Case,
    Target Target,
    string Token,
    ImmutableDictionary<string, PropertyValue> Inputs,
    string Property,
    string Fix,
    ImmutableDictionary<string, PropertyValue>? Olds = null,
    bool Licensed = true,
    CallsAllowed Calls = CallsAllowed.None)
{
    public override string ToString() => $"{Token}: {Case}";
}

/// <summary>
/// The bad-input catalogue: one row per invalid input, across every resource, function and the provider
/// configuration. A new resource or function is covered by adding its rows here (BadInputCatalogueTests fails while
/// one has none).
/// </summary>
public static class BadInputCatalogue
{
    public const string TemplateId = "@template";
    public const string VersionId = "@version";
    public const string OrganizationId = "@organization";

    private const string Organization = "coder:index:Organization";
    private const string Group = "coder:index:Group";
    private const string User = "coder:index:User";
    private const string Template = "coder:index:Template";
    private const string Version = "coder:index:TemplateVersion";
    private const string Workspace = "coder:index:Workspace";

    private static readonly string Long33 = new('a', 33);
    private static readonly string Long65 = new('D', 65);
    private const string NotAUuid = "developers";
    private const string MissingUuid = "0b7e7d6c-3c2e-4d8e-9d57-6a3c1e2f4b5a";
    private const string Names = "letters or digits with single hyphens";
    private const string Uuid = "a UUID such as";
    private const string License = "coder licenses add";

    private static BadInput R(string token, string @case, ImmutableDictionary<string, PropertyValue> inputs, string property, string fix,
        ImmutableDictionary<string, PropertyValue>? olds = null, bool licensed = true, CallsAllowed calls = CallsAllowed.None) =>
        new(@case, Target.Resource, token, inputs, property, fix, olds, licensed, calls);

    private static BadInput F(string token, string @case, ImmutableDictionary<string, PropertyValue> inputs, string property, string fix) =>
        new(@case, Target.Function, token, inputs, property, fix);

    private static BadInput C(string @case, ImmutableDictionary<string, PropertyValue> inputs, string property, string fix) =>
        new(@case, Target.Config, "pulumi:providers:coder", inputs, property, fix);

    private static PropertyValue Source => WireValues.AssetArchive(new Dictionary<string, PropertyValue> { ["main.tf"] = WireValues.StringAsset("# template\n") });

    private static ImmutableDictionary<string, PropertyValue> Tpl(params (string Key, object? Value)[] extra) =>
        Overlay(Map(("name", "docker"), ("source", Source)), extra);

    private static ImmutableDictionary<string, PropertyValue> Ws(params (string Key, object? Value)[] extra) =>
        Overlay(Map(("name", "dev"), ("templateId", TemplateId)), extra);

    private static ImmutableDictionary<string, PropertyValue> Person(params (string Key, object? Value)[] extra) =>
        Overlay(Map(("username", "ada"), ("email", "ada@example.com"), ("loginType", "oidc")), extra);

    /// <summary>Valid inputs with the row's bad ones set over them.</summary>
    private static ImmutableDictionary<string, PropertyValue> Overlay(ImmutableDictionary<string, PropertyValue> valid, (string Key, object? Value)[] bad) =>
        valid.SetItems(bad.Select(b => KeyValuePair.Create(b.Key, Of(b.Value))));

    private static Dictionary<string, object?> Acl(string kind, string id, string role) =>
        new() { [kind] = new[] { new Dictionary<string, object?> { ["id"] = id, ["role"] = role } } };

    public static IReadOnlyList<BadInput> Rows { get; } =
    [
        // Organization
        R(Organization, "empty name", Map(("name", "")), "name", Names),
        R(Organization, "name reserved by Coder's routes", Map(("name", "new")), "name", "choose another name"),
        R(Organization, "name with a double hyphen", Map(("name", "acme--corp")), "name", Names),
        R(Organization, "name of 33 characters", Map(("name", Long33)), "name", "1 to 32"),
        R(Organization, "name with a space", Map(("name", "acme corp")), "name", "such as \"platform-team\""),
        R(Organization, "display name of 65 characters", Map(("name", "acme"), ("displayName", Long65)), "displayName", "at most 64"),
        R(Organization, "display name with a leading space", Map(("name", "acme"), ("displayName", " Acme")), "displayName", "without leading or trailing spaces"),
        R(Organization, "icon that is a bare file name", Map(("name", "acme"), ("icon", "logo.png")), "icon", "/emojis/"),
        R(Organization, "a property it does not have", Map(("name", "acme"), ("colour", "red")), "colour", "the properties are"),
        R(Organization, "no name", Map(("displayName", "Acme")), "name", "is required"),
        R(Organization, "without a license", Map(("name", "acme")), "name", License, licensed: false),

        // Group
        R(Group, "name with a space", Map(("name", "dev team")), "name", Names),
        R(Group, "name of 37 characters", Map(("name", new string('g', 37))), "name", "1 to 36"),
        R(Group, "organization that is not an id", Map(("name", "devs"), ("organizationId", "acme")), "organizationId", Uuid),
        R(Group, "negative quota", Map(("name", "devs"), ("quotaAllowance", -1)), "quotaAllowance", "0 or more"),
        R(Group, "member that is a username", Map(("name", "devs"), ("members", new[] { "ada" })), "members", Uuid),
        R(Group, "ftp avatar", Map(("name", "devs"), ("avatarUrl", "ftp://example.com/devs.png")), "avatarUrl", "http(s) URL"),
        R(Group, "quota that is not a number", Map(("name", "devs"), ("quotaAllowance", "lots")), "quotaAllowance", "number"),
        R(Group, "Everyone with a display name", Map(("name", "Everyone"), ("displayName", "All of us")), "displayName", "Everyone"),
        R(Group, "Everyone with members", Map(("name", "Everyone"), ("members", new[] { MissingUuid })), "members", "Everyone"),
        R(Group, "renamed to Everyone", Map(("name", "Everyone")), "name", "Everyone",
            olds: Map(("name", "developers"), ("quotaAllowance", 0))),
        R(Group, "without a license", Map(("name", "devs")), "name", License, licensed: false),

        // User
        R(User, "username with a space", Person(("username", "ada lovelace")), "username", Names),
        R(User, "username of 33 characters", Person(("username", Long33)), "username", "1 to 32"),
        R(User, "email without a domain", Person(("email", "ada")), "email", "ada@example.com"),
        R(User, "email with a display name", Person(("email", "Ada <ada@example.com>")), "email", "an email address"),
        R(User, "no email", Map(("username", "ada"), ("loginType", "oidc")), "email", "email address"),
        R(User, "service account with an email", Map(("username", "bot"), ("serviceAccount", true), ("email", "bot@example.com")), "email", "remove `email`"),
        R(User, "unknown login type", Person(("loginType", "kerberos")), "loginType", "\"password\""),
        R(User, "password for an OIDC user", Person(("password", Secret("Sup3r-Secret-Passw0rd"))), "password", "loginType \"password\""),
        R(User, "unknown role", Person(("roles", new[] { "superuser" })), "roles", "\"template-admin\""),
        R(User, "no organization", Person(("organizationIds", Array.Empty<string>())), "organizationIds", "at least one organization"),
        R(User, "organization by name", Person(("organizationIds", new[] { "acme" })), "organizationIds", Uuid),
        R(User, "full name of 129 characters", Person(("name", new string('n', 129))), "name", "at most 128"),
        R(User, "service account without a license", Map(("username", "bot"), ("serviceAccount", true)), "serviceAccount", License, licensed: false),

        // Template
        R(Template, "name with a space", Tpl(("name", "my template")), "name", Names),
        R(Template, "no source", Map(("name", "docker")), "source", "new FileArchive"),
        R(Template, "empty source archive", Tpl(("source", WireValues.AssetArchive(new Dictionary<string, PropertyValue>()))), "source", "holding its main.tf"),
        R(Template, "source folder that does not exist", Tpl(("source", WireValues.FileArchive("/nonexistent/templates/docker"))), "source", "/nonexistent/templates/docker"),
        R(Template, "organization that is not an id", Tpl(("organizationId", "acme")), "organizationId", Uuid),
        R(Template, "description of 129 characters", Tpl(("description", new string('d', 129))), "description", "128"),
        R(Template, "display name of 65 characters", Tpl(("displayName", Long65)), "displayName", "at most 64"),
        R(Template, "icon without its leading slash", Tpl(("icon", "emojis/1f40b.png")), "icon", "/emojis/1f3e2.png"),
        R(Template, "negative default TTL", Tpl(("defaultTtlMs", -1)), "defaultTtlMs", "0 or more"),
        R(Template, "failure TTL under a minute", Tpl(("failureTtlMs", 30_000)), "failureTtlMs", "60000"),
        R(Template, "autostop on a day that does not exist", Tpl(("autostopRequirement", new Dictionary<string, object?> { ["daysOfWeek"] = new[] { "funday" } })),
            "autostopRequirement.daysOfWeek", "monday"),
        R(Template, "autostop every 17 weeks", Tpl(("autostopRequirement", new Dictionary<string, object?> { ["weeks"] = 17 })), "autostopRequirement.weeks", "16"),
        R(Template, "autostart on abbreviated days", Tpl(("autostartRequirement", new Dictionary<string, object?> { ["daysOfWeek"] = new[] { "Mon" } })),
            "autostartRequirement.daysOfWeek", "monday"),
        R(Template, "ACL role that does not exist", Tpl(("acl", Acl("users", MissingUuid, "owner"))), "acl.users[0].role", "\"use\""),
        R(Template, "ACL group by name", Tpl(("acl", Acl("groups", "developers", "use"))), "acl.groups[0].id", Uuid),
        R(Template, "version name with a space", Tpl(("versionName", "v 1")), "versionName", "such as"),
        R(Template, "port share level that does not exist", Tpl(("maxPortShareLevel", "everyone")), "maxPortShareLevel", "\"authenticated\""),
        R(Template, "Everyone access that does not exist", Tpl(("everyoneAccess", "write")), "everyoneAccess", "\"admin\""),
        R(Template, "CORS behaviour that does not exist", Tpl(("corsBehavior", "open")), "corsBehavior", "\"passthru\""),
        R(Template, "tfVars that are not text", Tpl(("tfVars", Secret(new Dictionary<string, object?> { ["replicas"] = new[] { 1, 2 } }))), "tfVars", "string"),
        R(Template, "autostop requirement without a license", Tpl(("autostopRequirement", new Dictionary<string, object?> { ["weeks"] = 2 })),
            "autostopRequirement", License, licensed: false),
        R(Template, "ACL without a license", Tpl(("acl", Acl("users", MissingUuid, "use"))), "acl", License, licensed: false),
        R(Template, "active version required without a license", Tpl(("requireActiveVersion", true)), "requireActiveVersion", License, licensed: false),
        R(Template, "deprecation without a license", Tpl(("deprecationMessage", "use docker-v2")), "deprecationMessage", License, licensed: false),
        R(Template, "dormancy without a license", Tpl(("timeTilDormantMs", 86_400_000)), "timeTilDormantMs", License, licensed: false),
        R(Template, "port share level without a license", Tpl(("maxPortShareLevel", "authenticated")), "maxPortShareLevel", License, licensed: false),

        // TemplateVersion
        R(Version, "no template", Map(("source", Source)), "templateId", "is required"),
        R(Version, "template by name", Map(("templateId", "docker"), ("source", Source)), "templateId", Uuid),
        R(Version, "name with a space", Map(("templateId", MissingUuid), ("name", "v 1"), ("source", Source)), "name", "such as"),
        R(Version, "no source", Map(("templateId", MissingUuid)), "source", "new FileArchive"),
        R(Version, "empty source archive", Map(("templateId", MissingUuid), ("source", WireValues.AssetArchive(new Dictionary<string, PropertyValue>()))), "source", "holding its main.tf"),

        // Workspace
        R(Workspace, "name with a space", Ws(("name", "my workspace")), "name", Names, calls: CallsAllowed.ReadsOnly),
        R(Workspace, "neither template nor version", Map(("name", "dev")), "templateId", "templateVersionId"),
        R(Workspace, "both template and version", Ws(("templateVersionId", VersionId)), "templateVersionId", "not both"),
        R(Workspace, "template by name", Map(("name", "dev"), ("templateId", "docker")), "templateId", Uuid),
        R(Workspace, "template that does not exist", Map(("name", "dev"), ("templateId", MissingUuid)), "templateId", "existing template",
            calls: CallsAllowed.ReadsOnly),
        R(Workspace, "version that does not exist", Map(("name", "dev"), ("templateVersionId", MissingUuid)), "templateVersionId", "existing version",
            calls: CallsAllowed.ReadsOnly),
        R(Workspace, "owner `me`", Ws(("owner", "me")), "owner", "leave it unset", calls: CallsAllowed.ReadsOnly),
        R(Workspace, "TTL in seconds", Ws(("ttlMs", 30_000)), "ttlMs", "multiple of 60000", calls: CallsAllowed.ReadsOnly),
        R(Workspace, "TTL of 31 days", Ws(("ttlMs", 31L * 24 * 3_600_000)), "ttlMs", "30 days", calls: CallsAllowed.ReadsOnly),
        R(Workspace, "schedule minute 61", Ws(("autostartSchedule", "CRON_TZ=UTC 61 8 * * 1-5")), "autostartSchedule", "CRON_TZ=<IANA zone>",
            calls: CallsAllowed.ReadsOnly),
        R(Workspace, "schedule in a zone that does not exist", Ws(("autostartSchedule", "CRON_TZ=Mars/Olympus 30 8 * * 1-5")), "autostartSchedule",
            "IANA", calls: CallsAllowed.ReadsOnly),
        R(Workspace, "schedule on a day of the month", Ws(("autostartSchedule", "CRON_TZ=UTC 30 8 1 * *")), "autostartSchedule", "* * <days of week>",
            calls: CallsAllowed.ReadsOnly),
        R(Workspace, "schedule on day 8 of the week", Ws(("autostartSchedule", "CRON_TZ=UTC 30 8 * * 8")), "autostartSchedule", "days of week",
            calls: CallsAllowed.ReadsOnly),
        R(Workspace, "state that does not exist", Ws(("state", "paused")), "state", "\"stopped\"", calls: CallsAllowed.ReadsOnly),
        R(Workspace, "automatic updates that do not exist", Ws(("automaticUpdates", "sometimes")), "automaticUpdates", "\"never\"", calls: CallsAllowed.ReadsOnly),
        R(Workspace, "option the parameter does not offer", Ws(("parameters", new Dictionary<string, object?> { ["region"] = "asia" })), "parameters.region",
            "\"eu\"", calls: CallsAllowed.ReadsOnly),
        R(Workspace, "number above the maximum", Ws(("parameters", new Dictionary<string, object?> { ["cpus"] = "12" })), "parameters.cpus", "from 1 to 8",
            calls: CallsAllowed.ReadsOnly),
        R(Workspace, "number that is not a number", Ws(("parameters", new Dictionary<string, object?> { ["cpus"] = "two" })), "parameters.cpus", "whole number",
            calls: CallsAllowed.ReadsOnly),
        R(Workspace, "parameter the template does not declare", Ws(("parameters", new Dictionary<string, object?> { ["gpu"] = "1" })), "parameters.gpu",
            "its parameters are", calls: CallsAllowed.ReadsOnly),

        // Functions
        F("coder:index:getUser", "id that is not a UUID", Map(("id", "ada")), "id", Uuid),
        F("coder:index:getUser", "both id and username", Map(("id", MissingUuid), ("username", "ada")), "id", "either id or username"),
        F("coder:index:getGroup", "neither id nor name", Map(), "id", "give either id, or name"),
        F("coder:index:getGroup", "organization by name", Map(("name", "devs"), ("organizationId", "acme")), "organizationId", Uuid),
        F("coder:index:getOrganization", "id that is not a UUID", Map(("id", "acme")), "id", Uuid),
        F("coder:index:getOrganization", "id and name", Map(("id", MissingUuid), ("name", "acme")), "id", "at most one of id, name"),
        F("coder:index:getTemplate", "id that is not a UUID", Map(("id", "docker")), "id", Uuid),
        F("coder:index:getTemplate", "id with an organization", Map(("id", MissingUuid), ("organizationId", MissingUuid)), "organizationId", "leave organizationId out"),
        F("coder:index:getTemplateVersion", "id and a name", Map(("id", MissingUuid), ("templateId", MissingUuid), ("name", "v1")), "id", "not both"),
        F("coder:index:getTemplateVersion", "template without a version name", Map(("templateId", MissingUuid)), "name", "name"),
        F("coder:index:getWorkspace", "owner `me`", Map(("name", "dev"), ("owner", "me")), "owner", "leave it unset"),
        F("coder:index:getWorkspace", "id that is not a UUID", Map(("id", "dev")), "id", Uuid),
        F("coder:index:getWorkspace", "nothing to find it by", Map(), "id", "name"),

        // Provider configuration
        C("URL that is not one", Map(("url", "coder example com"), ("token", Secret("x"))), "url", "address of your Coder"),
        C("ftp URL", Map(("url", "ftp://coder.example.com"), ("token", Secret("x"))), "url", "address of your Coder"),
        C("URL with a password in it", Map(("url", "https://ada:hunter2@coder.example.com"), ("token", Secret("x"))), "url", "user name"),
        C("no token", Map(("url", "https://coder.example.com")), "token", "coder tokens create"),
        C("no URL", Map(("token", Secret("x"))), "url", "CODER_URL"),
        C("header name with a space", Map(("url", "https://coder.example.com"), ("token", Secret("x")),
            ("headers", Secret(new Dictionary<string, object?> { ["X Proxy"] = "1" }))), "headers", "such as X-Proxy-Auth"),
        C("header value with a line break", Map(("url", "https://coder.example.com"), ("token", Secret("x")),
            ("headers", Secret(new Dictionary<string, object?> { ["X-Proxy-Auth"] = "a\r\nb" }))), "headers", "line break"),
        C("headers that are not JSON", Map(("url", "https://coder.example.com"), ("token", Secret("x")), ("headers", "X-Proxy-Auth=1")), "headers", "object"),
        C("organization that is not a name or id", Map(("url", "https://coder.example.com"), ("token", Secret("x")), ("organization", "Acme Corp")),
            "organization", Names),
    ];
}
