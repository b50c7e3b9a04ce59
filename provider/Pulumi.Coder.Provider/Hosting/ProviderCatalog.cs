using System.Reflection;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Functions;
using Pulumi.Coder.Provider.Resources;

namespace Pulumi.Coder.Provider.Hosting;

/// <summary>The resources and functions this provider offers, and the package schema that follows from them.</summary>
public sealed class ProviderCatalog
{
    public const string PackageName = "coder";

    private readonly Dictionary<string, IResourceHandler> resources;
    private readonly Dictionary<string, IFunctionHandler> functions;
    private readonly Lazy<string> schema;

    /// <param name="precompiledSchema">The schema as built from these definitions at compile time; null to build it
    /// (by reflection over every definition) when first asked.</param>
    public ProviderCatalog(string version, IEnumerable<IResourceHandler> resources, IEnumerable<IFunctionHandler> functions,
        string? precompiledSchema = null)
    {
        Version = version;
        var resourceList = resources.ToList();
        this.resources = resourceList.ToDictionary(r => r.Token);
        this.functions = functions.ToDictionary(f => f.Token);
        schema = new Lazy<string>(() => precompiledSchema ?? SchemaBuilder.Build(new SchemaBuilder.Package(
            PackageName,
            "Coder",
            Version,
            Describe(resourceList),
            ProviderConfiguration.Shape,
            "The provider type for the coder package: one Coder deployment, reached with a URL and a token.",
            this.resources.Values.ToList(),
            this.functions.Values.ToList())));
    }

    public string Version { get; }

    /// <summary>The package description, listing the resources offered so that it cannot promise one that is not
    /// (or leave out one that is): "TemplateVersion" becomes "template versions".</summary>
    private static string Describe(IReadOnlyList<IResourceHandler> resources)
    {
        var kinds = resources.Select(r => r.Token[(r.Token.LastIndexOf(':') + 1)..])
            .Select(name => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())) + "s")
            .ToList();
        var list = kinds.Count > 1 ? string.Join(", ", kinds[..^1]) + " and " + kinds[^1] : string.Concat(kinds);
        return $"Manage a Coder deployment ({list}) as code.";
    }

    /// <summary>The provider's own version (semver, from the assembly's informational version).</summary>
    public static string ProviderVersion { get; } =
        typeof(ProviderCatalog).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? throw new InvalidOperationException("the provider assembly has no informational version");

    /// <summary>Every resource and function the provider ships.</summary>
    /// <param name="buildSchema">Build the schema from the definitions (make schema, and the test that schema.json is
    /// current) rather than serve the schema.json compiled into the plugin, which that test keeps equal to it: building
    /// it takes a few hundred milliseconds of reflection and JSON on the engine's first call.</param>
    public static ProviderCatalog CreateDefault(bool buildSchema = false) => new(
        ProviderVersion,
        resources: [new OrganizationResource(), new GroupResource(), new UserResource(), new TemplateResource(), new TemplateVersionResource(), new WorkspaceResource()],
        functions: [new GetOrganizationFunction(), new GetGroupFunction(), new GetUserFunction(), new GetTemplateFunction(), new GetTemplateVersionFunction(), new GetWorkspaceFunction()],
        precompiledSchema: buildSchema ? null : CompiledSchema());

    private static string CompiledSchema()
    {
        using var stream = typeof(ProviderCatalog).Assembly.GetManifestResourceStream("schema.json")
            ?? throw new InvalidOperationException("the plugin was built without schema.json (see Pulumi.Coder.Provider.csproj)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public string Schema => schema.Value;

    public IResourceHandler Resource(string token) =>
        resources.TryGetValue(token, out var handler) ? handler
            : throw new ProviderException($"{token} is not a resource type of the coder provider {Version}; it offers " +
                $"{string.Join(", ", resources.Keys.Order(StringComparer.Ordinal))}. Is the Pulumi.Coder SDK newer than the provider plugin?");

    public IFunctionHandler Function(string token) =>
        functions.TryGetValue(token, out var handler) ? handler
            : throw new ProviderException($"{token} is not a function of the coder provider {Version}; it offers " +
                $"{string.Join(", ", functions.Keys.Order(StringComparer.Ordinal))}.");
}
