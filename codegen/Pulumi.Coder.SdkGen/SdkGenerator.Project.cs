using System.Security;
using Pulumi.Coder.SdkGen.Schema;

namespace Pulumi.Coder.SdkGen;

// The project file, the package-wide helpers and the configuration class.
internal sealed partial class SdkGenerator
{
    private string ResourceTypeAttribute => _packageTitle + "ResourceType";

    /// <summary>The package icon, shipped in the package beside its README (NuGet takes PNG or JPEG only).</summary>
    public const string IconFile = "icon.png";

    /// <summary>
    /// Files that are not text and so carry no marker: the icon, read from the generator's own resources.
    /// </summary>
    public static IReadOnlyDictionary<string, byte[]> Assets { get; } = ReadAssets();

    private static Dictionary<string, byte[]> ReadAssets()
    {
        using var icon = typeof(SdkGenerator).Assembly.GetManifestResourceStream(IconFile)
            ?? throw new InvalidOperationException($"the generator was built without its {IconFile} resource");
        using var bytes = new MemoryStream();
        icon.CopyTo(bytes);
        return new Dictionary<string, byte[]>(StringComparer.Ordinal) { [IconFile] = bytes.ToArray() };
    }

    /// <summary>
    /// The project and its own Directory.Build.props: the SDK builds and packs the same alone (a copy of the folder,
    /// a user's clone of the package sources) as inside the repository it is generated in, whose props do not apply.
    /// </summary>
    private void EmitProject()
    {
        static string Xml(string text) => SecurityElement.Escape(text);
        var references = _spec.Language?.Csharp?.PackageReferences ?? new Dictionary<string, string>();
        if (!references.ContainsKey("Pulumi"))
            throw new NotSupportedException(
                "language.csharp.packageReferences has no Pulumi version; the SDK's project takes its Pulumi reference from it (for example \"Pulumi\": \"3.112.1\")");
        if (string.IsNullOrWhiteSpace(_spec.Publisher))
            throw new NotSupportedException("the schema has no publisher; the package's Authors come from it");

        var w = new CodeWriter();
        w.Line($"<!-- *** {Marker} from the package schema. Do not edit by hand: run `make schema`. *** -->");
        w.Line("<Project Sdk=\"Microsoft.NET.Sdk\">");
        w.Line("  <PropertyGroup>");
        w.Line("    <!-- The Pulumi package targets net8.0: a stack on .NET 8 or newer can use this one. -->");
        w.Line("    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>");
        w.Line($"    <AssemblyName>{_rootNamespace}</AssemblyName>");
        w.Line($"    <RootNamespace>{_rootNamespace}</RootNamespace>");
        w.Line($"    <PackageId>{_rootNamespace}</PackageId>");
        w.Line("    <!-- The one place the version is set: `dotnet pack -p:Version=…` overrides it, and the SDK reads it back at");
        w.Line("         run time from the assembly's informational version (Utilities.Version), as pulumi-plugin.json does at pack. -->");
        w.Line($"    <Version>{Xml(_spec.Version!)}</Version>");
        w.Line("    <IncludeSourceRevisionInInformationalVersion>false</IncludeSourceRevisionInInformationalVersion>");
        if (_spec.Description is { } description) w.Line($"    <Description>{Xml(description)}</Description>");
        w.Line($"    <Authors>{Xml(_spec.Publisher!)}</Authors>");
        w.Line($"    <Company>{Xml(_spec.Publisher!)}</Company>");
        if (_spec.Keywords.Count > 0) w.Line($"    <PackageTags>{Xml(string.Join(';', _spec.Keywords))}</PackageTags>");
        if (_spec.License is { } license) w.Line($"    <PackageLicenseExpression>{Xml(license)}</PackageLicenseExpression>");
        if (_spec.Homepage is { } homepage) w.Line($"    <PackageProjectUrl>{Xml(homepage)}</PackageProjectUrl>");
        if (_spec.Repository is { } repository)
        {
            w.Line($"    <RepositoryUrl>{Xml(repository)}</RepositoryUrl>");
            w.Line("    <RepositoryType>git</RepositoryType>");
            w.Line("    <PublishRepositoryUrl>true</PublishRepositoryUrl>");
        }
        w.Line("    <PackageReadmeFile>README.md</PackageReadmeFile>");
        w.Line($"    <PackageIcon>{IconFile}</PackageIcon>");
        w.Line("    <IsPackable>true</IsPackable>");
        w.Line("    <!-- Symbols in a .snupkg beside the package; SourceLink (part of the .NET SDK) maps them to the commit");
        w.Line("         built, and sources the commit does not hold (generated at build) are embedded. -->");
        w.Line("    <IncludeSymbols>true</IncludeSymbols>");
        w.Line("    <SymbolPackageFormat>snupkg</SymbolPackageFormat>");
        w.Line("    <EmbedUntrackedSources>true</EmbedUntrackedSources>");
        w.Line("    <Nullable>enable</Nullable>");
        w.Line("    <ImplicitUsings>disable</ImplicitUsings>");
        w.Line("    <GenerateDocumentationFile>true</GenerateDocumentationFile>");
        w.Line("    <!-- Doc comments come from schema descriptions; a member the schema does not describe is not an error. -->");
        w.Line("    <NoWarn>$(NoWarn);CS1591</NoWarn>");
        w.Line("  </PropertyGroup>");
        w.Line("  <ItemGroup>");
        w.Line("    <!-- From the schema's language.csharp.packageReferences. -->");
        foreach (var (name, version) in references.OrderBy(r => r.Key, StringComparer.Ordinal))
            w.Line($"    <PackageReference Include=\"{Xml(name)}\" Version=\"{Xml(version)}\" />");
        w.Line("  </ItemGroup>");
        w.Line("  <ItemGroup>");
        w.Line("    <None Include=\"README.md\" Pack=\"true\" PackagePath=\"\" />");
        w.Line($"    <None Include=\"{IconFile}\" Pack=\"true\" PackagePath=\"\" />");
        w.Line("  </ItemGroup>");
        EmitPluginManifestTarget(w);
        w.Line("</Project>");
        AddFile($"{_rootNamespace}.csproj", w.ToString());
        EmitBuildProps();
        EmitReadme();
    }

    /// <summary>
    /// <c>pulumi-plugin.json</c> in the package's content: the resource plugin (name, version, download URL) a program
    /// referencing the package needs, the way the Pulumi CLI finds it. Written at pack time, so that its version is the
    /// package's, whatever <c>-p:Version</c> says.
    /// </summary>
    private void EmitPluginManifestTarget(CodeWriter w)
    {
        static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);
        // MSBuild's escapes first (so that a line stays one literal item), then XML's.
        static string Item(string text) => SecurityElement.Escape(text.Replace("%", "%25").Replace("$", "%24")
            .Replace("@", "%40").Replace("'", "%27").Replace(";", "%3B").Replace("?", "%3F").Replace("*", "%2A"));
        var lines = new List<string>
        {
            "{",
            "\"resource\": true,",
            $"\"name\": {Json(_spec.Name)},",
        };
        if (_spec.PluginDownloadUrl is { } server) lines.Add($"\"server\": {Json(server)},");
        lines.Add("\"version\": \"$(Version)\"");
        lines.Add("}");
        w.Line("  <!-- In the package's content the Pulumi CLI finds the plugin that programs using the package need. MSBuild");
        w.Line("       trims the lines, so the JSON is not indented. -->");
        w.Line("  <Target Name=\"WritePulumiPluginManifest\" BeforeTargets=\"_GetPackageFiles\">");
        w.Line("    <PropertyGroup>");
        w.Line("      <PulumiPluginManifest>$(BaseIntermediateOutputPath)pulumi-plugin.json</PulumiPluginManifest>");
        w.Line("    </PropertyGroup>");
        w.Line("    <ItemGroup>");
        foreach (var line in lines)
            w.Line($"      <PulumiPluginManifestLine Include=\"{Item(line).Replace("%24(Version)", "$(Version)")}\" />");
        w.Line("    </ItemGroup>");
        w.Line("    <WriteLinesToFile File=\"$(PulumiPluginManifest)\" Lines=\"@(PulumiPluginManifestLine)\" Overwrite=\"true\" WriteOnlyWhenDifferent=\"true\" />");
        w.Line("    <ItemGroup>");
        w.Line("      <None Include=\"$(PulumiPluginManifest)\" Pack=\"true\" PackagePath=\"content\" />");
        w.Line("    </ItemGroup>");
        w.Line("  </Target>");
    }

    /// <summary>
    /// MSBuild imports the nearest Directory.Build.props (and .targets, and Directory.Packages.props) above a project:
    /// this one, in the SDK's folder, stops a surrounding repository's from setting the framework, package versions
    /// or warnings of the package. Central package management is off: the project carries its own versions.
    /// </summary>
    private void EmitBuildProps()
    {
        var w = new CodeWriter();
        w.Line($"<!-- *** {Marker} from the package schema. Do not edit by hand: run `make schema`. *** -->");
        w.Line("<Project>");
        w.Line("  <!-- The SDK builds alike alone and inside a repository: being the nearest Directory.Build.props, this file");
        w.Line("       keeps those of the folders above from applying, and the settings below keep theirs out too. -->");
        w.Line("  <PropertyGroup>");
        w.Line("    <ImportDirectoryBuildTargets>false</ImportDirectoryBuildTargets>");
        w.Line("    <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>");
        w.Line("    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>");
        w.Line("    <LangVersion>latest</LangVersion>");
        w.Line("    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>");
        w.Line("    <Deterministic>true</Deterministic>");
        w.Line("  </PropertyGroup>");
        w.Line("  <!-- CI systems set CI=true: their builds map source paths to the repository's, so that they are reproducible. -->");
        w.Line("  <PropertyGroup Condition=\"'$(CI)' == 'true'\">");
        w.Line("    <ContinuousIntegrationBuild>true</ContinuousIntegrationBuild>");
        w.Line("  </PropertyGroup>");
        w.Line("  <!-- A repository holding the SDK may name extra restore sources (a local feed) in a Directory.Restore.props");
        w.Line("       above this folder (and nothing else); alone, there is none and NuGet's configured sources apply. -->");
        w.Line("  <PropertyGroup>");
        w.Line("    <_RestorePropsAbove>$([MSBuild]::GetPathOfFileAbove('Directory.Restore.props', '$(MSBuildThisFileDirectory)..'))</_RestorePropsAbove>");
        w.Line("  </PropertyGroup>");
        w.Line("  <Import Project=\"$(_RestorePropsAbove)\" Condition=\"'$(_RestorePropsAbove)' != ''\" />");
        w.Line("</Project>");
        AddFile("Directory.Build.props", w.ToString());
    }

    /// <summary>The package's README on NuGet: what the package manages, how to install it and the plugin, what it has.</summary>
    private void EmitReadme()
    {
        var title = _spec.DisplayName ?? _packageTitle;
        var w = new CodeWriter();
        w.Line($"<!-- *** {Marker} from the package schema. Do not edit by hand: run `make schema`. *** -->");
        w.Line($"# {_rootNamespace}");
        w.Line();
        w.Line($"The {title} provider for Pulumi programs in C#, F# or VB.NET (.NET 8 or newer).");
        if (_spec.Description is { } description)
        {
            w.Line();
            w.Line(description);
        }
        w.Line();
        w.Line("## Install");
        w.Line();
        w.Line("```sh");
        w.Line($"dotnet add package {_rootNamespace}");
        w.Line("```");
        w.Line();
        w.Line($"Programs using the package need the `{_spec.Name}` resource plugin of the same version; the package names it in");
        w.Line("its `pulumi-plugin.json`, and the Pulumi CLI installs it on `pulumi up` where it knows where to download it from,");
        w.Line($"else install it with `pulumi plugin install resource {_spec.Name} v<version> --file <archive>`.");
        if (_spec.Config is { Variables.Count: > 0 } config)
        {
            w.Line();
            w.Line("## Configuration");
            w.Line();
            w.Line($"Set with `pulumi config set {_spec.Name}:<key> <value>` (add `--secret` for secrets), or on an explicit `Provider`.");
            w.Line();
            foreach (var (key, variable) in Sorted(config.Variables))
            {
                var environment = variable.DefaultInfo is { Environment.Count: > 0 } info
                    ? $" Else from {string.Join(" or ", info.Environment.Select(e => $"`{e}`"))}."
                    : "";
                w.Line($"- `{_spec.Name}:{key}`{(variable.Secret ? " (secret)" : "")}: {FirstSentence(variable.Description)}{environment}");
            }
        }
        ListMembers(w, "Resources", _spec.Resources.Select(r => (r.Key, r.Value.Description)));
        ListMembers(w, "Functions", _spec.Functions.Select(f => (f.Key, f.Value.Description)));
        var links = new[] { ("Homepage", _spec.Homepage), ("Source", _spec.Repository) }.Where(l => l.Item2 is not null).ToList();
        if (links.Count > 0)
        {
            w.Line();
            w.Line("## Links");
            w.Line();
            foreach (var (name, url) in links) w.Line($"- {name}: {url}");
        }
        AddFile("README.md", w.ToString());
    }

    private void ListMembers(CodeWriter w, string heading, IEnumerable<(string Token, string? Description)> members)
    {
        var list = members.OrderBy(m => m.Token, StringComparer.Ordinal).ToList();
        if (list.Count == 0) return;
        w.Line();
        w.Line($"## {heading}");
        w.Line();
        foreach (var (token, description) in list)
        {
            var parsed = Token.Parse(token);
            var module = ModuleOf(parsed);
            var name = heading == "Functions" ? CSharp.Pascal(parsed.Name) : parsed.Name;
            w.Line($"- `{module.Namespace}.{name}`: {FirstSentence(description)}");
        }
    }

    /// <summary>The first sentence of a description, on one line.</summary>
    private static string FirstSentence(string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return "";
        var text = string.Join(' ', description.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }

    private void EmitUtilities()
    {
        var downloadUrl = _spec.PluginDownloadUrl is { } url ? CSharp.String(url) : "null";
        var w = StartFile(_rootNamespace);
        w.Open("internal static class Utilities");
        w.Line("/// <summary>");
        w.Line("/// The package version: resources and invokes ask the engine for this version of the plugin. Read from the");
        w.Line("/// assembly, whose informational version is the package's, so that the two cannot disagree.");
        w.Line("/// </summary>");
        w.Line("public static string Version { get; } =");
        w.Line("    System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(Utilities).Assembly)?.InformationalVersion");
        w.Line("    ?? throw new InvalidOperationException(\"the assembly has no informational version: it was built without the SDK's project\");");
        w.Line();
        w.Line($"public static string? PluginDownloadUrl => {downloadUrl};");
        w.Line();
        w.Line("/// <summary>The value of the first of the environment variables that is set.</summary>");
        w.Open("public static string? GetEnv(params string[] names)");
        w.Open("foreach (var name in names)");
        w.Line("if (Environment.GetEnvironmentVariable(name) is { } value) return value;");
        w.Close();
        w.Line("return null;");
        w.Close();
        w.Line();
        w.Line("public static bool? GetEnvBoolean(params string[] names) => GetEnv(names) switch");
        w.Open();
        w.Line("\"1\" or \"t\" or \"T\" or \"true\" or \"TRUE\" or \"True\" => true,");
        w.Line("\"0\" or \"f\" or \"F\" or \"false\" or \"FALSE\" or \"False\" => false,");
        w.Line("_ => null,");
        w.Close("};");
        w.Line();
        w.Line("public static int? GetEnvInt32(params string[] names) =>");
        w.Line("    int.TryParse(GetEnv(names), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;");
        w.Line();
        w.Line("public static double? GetEnvDouble(params string[] names) =>");
        w.Line("    double.TryParse(GetEnv(names), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;");
        w.Line();
        w.Line("/// <summary>The caller's invoke options (copied, not changed) with this package's version and download URL.</summary>");
        w.Line("public static global::Pulumi.InvokeOptions WithDefaults(this global::Pulumi.InvokeOptions? options) => new()");
        w.Open();
        w.Line("Parent = options?.Parent,");
        w.Line("Provider = options?.Provider,");
        w.Line("Version = options?.Version ?? Version,");
        w.Line("PluginDownloadURL = options?.PluginDownloadURL ?? PluginDownloadUrl,");
        w.Close("};");
        w.Line();
        w.Line("/// <summary>The caller's invoke options (copied, not changed) with this package's version and download URL.</summary>");
        w.Open("public static global::Pulumi.InvokeOutputOptions WithDefaults(this global::Pulumi.InvokeOutputOptions? options)");
        w.Line("var copy = new global::Pulumi.InvokeOutputOptions");
        w.Open();
        w.Line("Parent = options?.Parent,");
        w.Line("Provider = options?.Provider,");
        w.Line("Version = options?.Version ?? Version,");
        w.Line("PluginDownloadURL = options?.PluginDownloadURL ?? PluginDownloadUrl,");
        w.Close("};");
        w.Line("if (options is not null) copy.DependsOn = options.DependsOn;");
        w.Line("return copy;");
        w.Close();
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// The empty list that reading an optional list property creates, so that collection initializers can add");
        w.Line("/// to it, with its value noted: assigning the property or adding to the list gives it a new value, and until");
        w.Line("/// then the property is sent as unset (see <see cref=\"UnlessOnlyRead\"/>).");
        w.Line("/// </summary>");
        w.Open("public static InputList<T> CreatedOnRead<T>(InputList<T> list, out Output<ImmutableArray<T>> created)");
        w.Line("created = list.ToOutput();");
        w.Line("return list;");
        w.Close();
        w.Line();
        w.Line("/// <summary>The empty map that reading an optional map property creates, with its value noted.</summary>");
        w.Open("public static InputMap<T> CreatedOnRead<T>(InputMap<T> map, out Output<ImmutableDictionary<string, T>> created)");
        w.Line("created = map.ToOutput();");
        w.Line("return map;");
        w.Close();
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// An optional list or map as it is sent: unset while it still holds the empty value that reading its property");
        w.Line("/// created. For many properties unset leaves a setting unmanaged where empty clears it (every member, every");
        w.Line("/// role), and merely reading the property must not ask for that. An assigned list is sent as it is, empty too.");
        w.Line("/// </summary>");
        w.Line("public static TCollection? UnlessOnlyRead<TCollection, TValue>(TCollection? collection, Output<TValue>? created)");
        w.Line("    where TCollection : Input<TValue>");
        w.Line("    => collection is not null && ReferenceEquals(collection.ToOutput(), created) ? null : collection;");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// The caller's resource options over the package's defaults; <paramref name=\"id\"/>, when given, is the");
        w.Line("/// id of an existing resource to read instead of creating one.");
        w.Line("/// </summary>");
        w.Open("public static global::Pulumi.CustomResourceOptions Merge(global::Pulumi.CustomResourceOptions defaults, global::Pulumi.CustomResourceOptions? options, Input<string>? id)");
        w.Line("defaults.PluginDownloadURL ??= PluginDownloadUrl;");
        w.Line("var merged = global::Pulumi.CustomResourceOptions.Merge(defaults, options);");
        w.Line("merged.Id = id ?? merged.Id;");
        w.Line("return merged;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <summary>Marks a resource class with its type token and this package's version.</summary>");
        w.Open($"internal sealed class {ResourceTypeAttribute}Attribute : global::Pulumi.ResourceTypeAttribute");
        w.Line($"public {ResourceTypeAttribute}Attribute(string type) : base(type, Utilities.Version)");
        w.Open().Close();
        w.Close();
        FinishFile(w, "Utilities.cs");
    }

    /// <summary>
    /// The package's configuration (<c>coder:url</c> and so on) as a static class; a value can be set in code,
    /// else comes from the stack configuration, else from the environment variables the schema names.
    /// </summary>
    private void EmitConfig(ConfigSpec config)
    {
        var module = new Module(_rootNamespace, "");
        var w = StartFile(_rootNamespace);
        w.Open("public static class Config");
        w.Line("[System.Diagnostics.CodeAnalysis.SuppressMessage(\"Microsoft.Design\", \"IDE1006\", Justification = \"Double underscores keep helper names apart from configuration names.\")]");
        w.Open("private sealed class __Value<T>(Func<T> read)");
        w.Line("private T _value = default!;");
        w.Line("private bool _set;");
        w.Line();
        w.Line("public T Get() => _set ? _value : read();");
        w.Line();
        w.Open("public void Set(T value)");
        w.Line("_value = value;");
        w.Line("_set = true;");
        w.Close();
        w.Close();
        w.Line();
        w.Line($"private static readonly global::Pulumi.Config __config = new global::Pulumi.Config({CSharp.String(_spec.Name)});");
        foreach (var (key, variable) in Sorted(config.Variables))
        {
            var where = $"config.{key}";
            RefuseDeprecatedOrConst(variable, where);
            if (variable.Ref is not null)
                throw new NotSupportedException($"{where}: configuration of referenced types (only strings, numbers, booleans, lists and maps)");
            var member = MemberName(key, "Config");
            var type = OutputType(variable, module, where);
            var read = (variable.Ref, variable.Type) switch
            {
                (null, "string") => $"__config.Get({CSharp.String(key)})",
                (null, "boolean") => $"__config.GetBoolean({CSharp.String(key)})",
                (null, "integer") => $"__config.GetInt32({CSharp.String(key)})",
                (null, "number") => $"__config.GetDouble({CSharp.String(key)})",
                _ => $"__config.GetObject<{type}?>({CSharp.String(key)})",
            };
            if (variable.DefaultInfo is { Environment.Count: > 0 } info)
                read += $" ?? Utilities.{EnvironmentReader(variable.Type ?? "object", where)}({string.Join(", ", info.Environment.Select(CSharp.String))})";
            if (variable.Default is { } value)
                read += $" ?? {CSharp.Literal(value, variable.Type ?? "object", where)}";
            var field = BackingField(member);
            w.Line();
            w.Line($"private static readonly __Value<{type}?> {field} = new(() => {read});");
            w.Line();
            w.Summary(variable.Description);
            w.Open($"public static {type}? {member}");
            w.Line($"get => {field}.Get();");
            w.Line($"set => {field}.Set(value);");
            w.Close();
        }
        w.Close();
        FinishFile(w, "Config/Config.cs");
    }
}
