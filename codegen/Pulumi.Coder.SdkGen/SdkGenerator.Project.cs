using System.Security;
using Pulumi.Coder.SdkGen.Schema;

namespace Pulumi.Coder.SdkGen;

// The project file, the package-wide helpers and the configuration class.
internal sealed partial class SdkGenerator
{
    private string ResourceTypeAttribute => _packageTitle + "ResourceType";

    private void EmitProject()
    {
        static string Xml(string text) => SecurityElement.Escape(text);
        var w = new CodeWriter();
        w.Line($"<!-- *** {Marker} from the package schema. Do not edit by hand: run `make schema`. *** -->");
        w.Line("<Project Sdk=\"Microsoft.NET.Sdk\">");
        w.Line("  <PropertyGroup>");
        w.Line($"    <AssemblyName>{_rootNamespace}</AssemblyName>");
        w.Line($"    <RootNamespace>{_rootNamespace}</RootNamespace>");
        w.Line($"    <PackageId>{_rootNamespace}</PackageId>");
        w.Line($"    <Version>{Xml(_spec.Version!)}</Version>");
        if (_spec.Description is { } description) w.Line($"    <Description>{Xml(description)}</Description>");
        if (_spec.Publisher is { } publisher) w.Line($"    <Authors>{Xml(publisher)}</Authors>");
        if (_spec.Keywords.Count > 0) w.Line($"    <PackageTags>{Xml(string.Join(';', _spec.Keywords))}</PackageTags>");
        if (_spec.License is { } license) w.Line($"    <PackageLicenseExpression>{Xml(license)}</PackageLicenseExpression>");
        if (_spec.Homepage is { } homepage) w.Line($"    <PackageProjectUrl>{Xml(homepage)}</PackageProjectUrl>");
        if (_spec.Repository is { } repository) w.Line($"    <RepositoryUrl>{Xml(repository)}</RepositoryUrl>");
        w.Line("    <IsPackable>true</IsPackable>");
        w.Line("    <Nullable>enable</Nullable>");
        w.Line("    <ImplicitUsings>disable</ImplicitUsings>");
        w.Line("    <GenerateDocumentationFile>true</GenerateDocumentationFile>");
        w.Line("    <!-- Doc comments come from schema descriptions; a member the schema does not describe is not an error. -->");
        w.Line("    <NoWarn>$(NoWarn);CS1591</NoWarn>");
        w.Line("  </PropertyGroup>");
        w.Line("  <ItemGroup>");
        w.Line("    <PackageReference Include=\"Pulumi\" />");
        w.Line("  </ItemGroup>");
        w.Line("  <ItemGroup>");
        w.Line("    <!-- In the package's content the Pulumi CLI finds the plugin that programs using the package need. -->");
        w.Line("    <None Update=\"pulumi-plugin.json\" Pack=\"true\" PackagePath=\"content\" />");
        w.Line("  </ItemGroup>");
        w.Line("</Project>");
        AddFile($"{_rootNamespace}.csproj", w.ToString());
        EmitPluginManifest();
    }

    /// <summary>
    /// <c>pulumi-plugin.json</c>: the resource plugin (name, version, download URL) a program referencing the
    /// package needs. JSON has no comments, so the generator's marker is a member the CLI ignores.
    /// </summary>
    private void EmitPluginManifest()
    {
        var manifest = new System.Text.Json.Nodes.JsonObject
        {
            ["//"] = $"{Marker} from the package schema. Do not edit by hand: run `make schema`.",
            ["resource"] = true,
            ["name"] = _spec.Name,
            ["version"] = _spec.Version,
        };
        if (_spec.PluginDownloadUrl is { } server) manifest["server"] = server;
        var json = manifest.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            NewLine = "\n",
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        AddFile("pulumi-plugin.json", json + "\n");
    }

    private void EmitUtilities()
    {
        var downloadUrl = _spec.PluginDownloadUrl is { } url ? CSharp.String(url) : "null";
        var w = StartFile(_rootNamespace);
        w.Open("internal static class Utilities");
        w.Line("/// <summary>The package version: resources and invokes ask the engine for this version of the plugin.</summary>");
        w.Line($"public static string Version => {CSharp.String(_spec.Version!)};");
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
