using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Pulumi.Coder.SdkGen.Schema;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace Pulumi.Coder.SdkGen.Tests;

public class GeneratorTests
{
    private static IReadOnlyDictionary<string, string> Generate(string json) => SdkGenerator.Generate(PackageSpec.Parse(json));

    private static string CoderSchema() => File.ReadAllText(RepositoryFiles.PathOf("schema.json"));

    /// <summary>The same JSON with every object's members in reverse order.</summary>
    private static string Reordered(string json)
    {
        static JsonNode? Reverse(JsonNode? node) => node switch
        {
            JsonObject o => new JsonObject(o.Reverse().Select(p => KeyValuePair.Create(p.Key, Reverse(p.Value)))),
            JsonArray a => new JsonArray(a.Select(Reverse).ToArray()),
            _ => node?.DeepClone(),
        };
        return Reverse(JsonNode.Parse(json))!.ToJsonString();
    }

    [Theory]
    [InlineData("coder")]
    [InlineData("fixture")]
    public void The_same_schema_gives_the_same_files_whatever_its_member_order(string which)
    {
        var json = which == "coder" ? CoderSchema() : FixtureSchema.Json;

        var first = Generate(json);
        var again = Generate(json);
        var reordered = Generate(Reordered(json));

        Assert.Equal(first, again);
        Assert.Equal(first, reordered);
        Assert.Equal(first.Keys.Order(StringComparer.Ordinal), first.Keys);
    }

    [Fact]
    public void Files_have_lf_line_ends_no_trailing_blanks_and_one_final_newline()
    {
        foreach (var (path, content) in Generate(FixtureSchema.Json).Concat(Generate(CoderSchema())))
        {
            Assert.DoesNotContain('\r', content);
            Assert.EndsWith("\n", content);
            Assert.False(content.EndsWith("\n\n", StringComparison.Ordinal), $"{path} ends with a blank line");
            Assert.All(content.Split('\n'), line => Assert.Equal(line.TrimEnd(), line));
            // JSON has no comments: there the marker is the first member, on the second line.
            Assert.Contains(SdkGenerator.Marker, string.Join('\n', content.Split('\n').Take(2)));
        }
    }

    [Fact]
    public void The_coder_sdk_has_the_conventional_layout()
    {
        var schema = JsonNode.Parse(CoderSchema())!.AsObject();
        static string Name(string token) => token[(token.LastIndexOf(':') + 1)..];
        static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];
        var files = Generate(CoderSchema()).Keys.ToList();

        // One file a resource and a function at the top, one a nested type under Outputs/ (and its input forms under
        // Inputs/), the provider's config under Config/, and the project files.
        Assert.All(files, f => Assert.Matches(@"^(((Config|Inputs|Outputs)/)?[A-Za-z]+\.cs|Pulumi\.Coder\.csproj|Directory\.Build\.props|README\.md)$", f));
        var expected = new[] { "Config/Config.cs", "Provider.cs", "Utilities.cs", "Pulumi.Coder.csproj", "Directory.Build.props", "README.md" }
            .Concat(schema["resources"]!.AsObject().Select(r => Name(r.Key) + ".cs"))
            .Concat(schema["functions"]!.AsObject().Select(f => Pascal(Name(f.Key)) + ".cs"))
            .Concat(schema["types"]!.AsObject().Select(t => $"Outputs/{Name(t.Key)}.cs"));
        Assert.All(expected, e => Assert.Contains(e, files));
        Assert.All(files.Where(f => f.StartsWith("Inputs/", StringComparison.Ordinal)),
            f => Assert.Contains(schema["types"]!.AsObject(), t => f == $"Inputs/{Name(t.Key)}Args.cs" || f == $"Inputs/{Name(t.Key)}GetArgs.cs"));
    }

    [Fact]
    public void Every_supported_schema_feature_compiles_without_warnings()
    {
        var files = Generate(FixtureSchema.Json);

        var (assembly, problems) = Compiler.Compile(files);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.NotNull(assembly);
    }

    [Fact]
    public void Object_types_are_emitted_in_each_shape_they_are_used_in_and_no_other()
    {
        var files = Generate(FixtureSchema.Json);

        Assert.Equal(
        [
            "Config/Config.cs", "Directory.Build.props", "Enums.cs", "GetWidget.cs", "Inputs/Filter.cs", "Inputs/FilterInputArgs.cs",
            "Inputs/LimitsArgs.cs", "Inputs/LimitsGetArgs.cs", "Inputs/PortArgs.cs", "Inputs/PortGetArgs.cs",
            "Inputs/SettingsArgs.cs", "Inputs/SettingsGetArgs.cs", "ListRegions.cs", "Outputs/Limits.cs", "Outputs/Port.cs",
            "Outputs/Settings.cs", "Provider.cs", "Pulumi.Acme.csproj", "README.md", "Storage/Bucket.cs", "Storage/Enums.cs",
            "Storage/GetBucket.cs", "Storage/Inputs/LifecycleArgs.cs", "Utilities.cs", "Widget.cs",
        ], files.Keys);
    }

    [Fact]
    public void Members_follow_the_schema()
    {
        var files = Generate(FixtureSchema.Json);
        var widget = files["Widget.cs"];

        Assert.Contains("[AcmeResourceType(\"acme:index:Widget\")]", widget);
        Assert.Contains("public Output<Outputs.Settings> Settings { get; private set; } = null!;", widget);
        Assert.Contains("public Output<ImmutableArray<Outputs.Port>> Ports { get; private set; } = null!;", widget);
        Assert.Contains("public Output<ImmutableDictionary<string, Outputs.Port>?> PortsByName { get; private set; } = null!;", widget);
        Assert.Contains("AdditionalSecretOutputs = { \"secretTags\", \"secretValue\" },", widget);
        // Names clashing with the class or its inherited members are moved aside; keywords are fine as members.
        Assert.Contains("public Output<string?> WidgetValue { get; private set; } = null!;", widget);
        Assert.Contains("public Output<string?> GetValue { get; private set; } = null!;", widget);
        Assert.Contains("public Input<string>? EmptyValue { get; set; }", widget);
        Assert.Contains("[Input(\"settings\", required: true)]\n        public Input<Inputs.SettingsArgs> Settings { get; set; } = null!;", widget);
        Assert.Contains("public InputList<ImmutableArray<int>> Matrix", widget);
        Assert.Contains("public InputMap<Inputs.PortArgs> PortsByName", widget);
        Assert.Contains("public InputJson? Document { get; set; }", widget);
        Assert.Contains("get => _secretList ?? (_secretList = Utilities.CreatedOnRead(Output.CreateSecret(ImmutableArray<string>.Empty), out _secretListOnRead));", widget);
        // An optional list or map is sent through its own Input member, which leaves out one that was only read.
        Assert.Contains("[Input(\"tags\")]\n        private InputMap<string>? TagsInput => Utilities.UnlessOnlyRead(_tags, _tagsOnRead);", widget);
        Assert.Contains("set => _secretList = value is null ? null : (InputList<string>)Output.CreateSecret(value.ToOutput());", widget);
        Assert.Contains("Label = \"a \\\"quoted\\\" \\\\ label\\n\";", widget);
        Assert.Contains("Size = 1.5d;", widget);
        Assert.Contains("/// Use `a &lt; b &amp;&amp; c &gt; d`.", widget);
        Assert.Contains("public sealed class WidgetState : global::Pulumi.ResourceArgs", widget);
        // Replacement is asked for by the properties marked so, also inside object types.
        Assert.Contains("ReplaceOnChanges = { \"settings.mode\", \"zone\" },", widget);
        // Aliases, as pulumi-dotnet's codegen emits them: a renamed type is updated, not replaced.
        Assert.Contains("Aliases = { new global::Pulumi.Alias { Type = \"acme:index:Gadget\" }, new global::Pulumi.Alias { Type = \"acme:legacy:Widget\" } },", widget);
        // Enums are named in full: a member may carry its enum's name.
        Assert.Contains("public Output<global::Pulumi.Acme.Color?> Color { get; private set; } = null!;", widget);
        Assert.Contains("public Input<global::Pulumi.Acme.Tier>? Tier { get; set; }", widget);
        Assert.Contains("Color = global::Pulumi.Acme.Color.LightBlue;", widget);
        Assert.Contains("if (Utilities.GetEnv(\"ACME_REGION\") is { } regionFromEnvironment) Region = regionFromEnvironment;", widget);
        Assert.Contains("public InputList<Inputs.PortGetArgs> Ports", widget);

        var provider = files["Provider.cs"];
        Assert.Contains("public Provider(string name, ProviderArgs args, CustomResourceOptions? options = null)", provider);
        Assert.Contains("[Output(\"endpoint\")]\n        public Output<string> Endpoint", provider);
        Assert.DoesNotContain("Output<int", provider);
        Assert.Contains("[Input(\"retries\", json: true)]", provider);
        Assert.Contains("[Input(\"settings\", json: true)]", provider);
        // The provider reads its own environment defaults: read here, they would land in state.
        Assert.Contains("Ratio = 0.5d;", provider);
        Assert.DoesNotContain("GetEnv", provider);
        Assert.Contains("AdditionalSecretOutputs = { \"apiKey\" },", provider);
        Assert.Contains("ReplaceOnChanges = { \"settings.mode\" },", provider);

        var config = files["Config/Config.cs"];
        Assert.Contains("__config.Get(\"endpoint\") ?? Utilities.GetEnv(\"ACME_ENDPOINT\", \"ACME_URL\") ?? \"https://api.example.com\"", config);
        Assert.Contains("__config.GetObject<ImmutableArray<string>?>(\"regions\")", config);

        var getWidget = files["GetWidget.cs"];
        Assert.Contains("public static Task<GetWidgetResult> InvokeAsync(GetWidgetArgs args, InvokeOptions? options = null)", getWidget);
        Assert.Contains("public static Output<GetWidgetResult> Invoke(GetWidgetInvokeArgs args, InvokeOutputOptions options)", getWidget);
        Assert.Contains("public Inputs.Filter? Filter { get; set; }", getWidget);
        Assert.Contains("public Input<Inputs.FilterInputArgs>? Filter { get; set; }", getWidget);
        Assert.Contains("public bool Strict { get; set; }", getWidget);
        Assert.Contains("string? @default,", getWidget);
        Assert.Contains("public global::Pulumi.Acme.SortOrder Sort { get; set; }\n", getWidget);

        var enums = files["Enums.cs"];
        Assert.Contains("[EnumType]\n    public readonly struct Color : IEquatable<Color>", enums);
        Assert.Contains("public static Color LightBlue { get; } = new Color(\"light-blue\");", enums);
        Assert.Contains("/// Warm &amp; bright.", enums);
        Assert.Contains("public static explicit operator double(Brightness value) => value._value;", enums);
        Assert.Contains("public enum Tier\n    {\n        Basic = 1,", enums);
        Assert.Contains("namespace Pulumi.Acme.Storage", files["Storage/Enums.cs"]);
        Assert.Contains("StorageClass = global::Pulumi.Acme.Storage.StorageClass.Cold;", files["Storage/Bucket.cs"]);

        var listRegions = files["ListRegions.cs"];
        Assert.Contains("public static Task<ListRegionsResult> InvokeAsync(InvokeOptions? options = null)", listRegions);
        Assert.Contains("InvokeArgs.Empty", listRegions);

        var bucket = files["Storage/Bucket.cs"];
        Assert.Contains("namespace Pulumi.Acme.Storage", bucket);
        Assert.Contains("public Input<global::Pulumi.Acme.Inputs.SettingsArgs>? WidgetSettings { get; set; }", bucket);
        Assert.Contains("public Input<Inputs.LifecycleArgs>? Lifecycle { get; set; }", bucket);
        Assert.Contains("public static Bucket Get(string name, Input<string> id, CustomResourceOptions? options = null)", bucket);

        var project = files["Pulumi.Acme.csproj"];
        Assert.Contains("<Version>1.2.3</Version>", project);
        Assert.Contains("<Description>Fixture &amp; &lt;friends&gt;</Description>", project);
        Assert.Contains("<PackageReference Include=\"Pulumi\" Version=\"3.112.1\" />", project);
        Assert.Contains("<TargetFrameworks>net8.0;net10.0</TargetFrameworks>", project);
        Assert.Contains("<Authors>Acme</Authors>", project);
        Assert.Contains("<RepositoryUrl>https://example.com/acme</RepositoryUrl>", project);
        Assert.Contains("<PackageReadmeFile>README.md</PackageReadmeFile>", project);
        Assert.Contains("<PackageIcon>icon.png</PackageIcon>", project);
        Assert.Contains("<SymbolPackageFormat>snupkg</SymbolPackageFormat>", project);
        // pulumi-plugin.json is written at pack time, with the package's version whatever -p:Version says.
        Assert.Contains("<PulumiPluginManifestLine Include=\"&quot;version&quot;: &quot;$(Version)&quot;\" />", project);
        Assert.Contains("<PulumiPluginManifestLine Include=\"&quot;server&quot;: &quot;https://example.com/plugins&quot;,\" />", project);
        Assert.Contains("<None Include=\"$(PulumiPluginManifest)\" Pack=\"true\" PackagePath=\"content\" />", project);
        var props = files["Directory.Build.props"];
        Assert.Contains("<ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>", props);
        Assert.Contains("<ContinuousIntegrationBuild>true</ContinuousIntegrationBuild>", props);
        Assert.Contains("- `Pulumi.Acme.Storage.Bucket`", files["README.md"]);
        Assert.Contains("public static string? PluginDownloadUrl => \"https://example.com/plugins\";", files["Utilities.cs"]);
    }

    /// <summary>Runs a program against the fixture SDK, compiled in memory, under Pulumi's mocks.</summary>
    [Fact]
    public async Task Nested_inputs_defaults_and_outputs_travel_as_the_schema_says()
    {
        const string program = """
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using Pulumi;
            using Pulumi.Acme;
            using Pulumi.Acme.Inputs;

            public static class FixtureProgram
            {
                public static Dictionary<string, object?> Run()
                {
                    // What each resource asks of the engine besides its inputs: its options after the SDK's defaults.
                    var options = new Dictionary<string, CustomResourceOptions>();
                    CustomResourceOptions Recorded() => new()
                    {
                        ResourceTransformations =
                        {
                            args =>
                            {
                                options[args.Resource.GetResourceName()] = (CustomResourceOptions)args.Options;
                                return null;
                            },
                        },
                    };
                    var providerArgs = new ProviderArgs { Endpoint = "https://acme.example.com", ApiKey = "k" };
                    var provider = new Provider("p", providerArgs, Recorded());
                    var widgetArgs = new WidgetArgs
                    {
                        Name = "w1",
                        Settings = new SettingsArgs { Limits = new LimitsArgs { Cpu = 0.5 }, Token = "t" },
                        Ports = { new PortArgs { Number = 80 } },
                        PortsByName = { ["http"] = new PortArgs { Number = 8080, Protocol = "tcp" } },
                        Matrix = { ImmutableArray.Create(1, 2) },
                        Event = "created",
                        Tier = Tier.Premium,
                        SecretNumber = 7,
                        SecretList = { "x" },
                        SecretTags = { ["k"] = "v" },
                    };
                    // Only read: sent as unset, not as an empty map.
                    _ = widgetArgs.Tags.ToOutput();
                    var widget = new Widget("w", widgetArgs, new CustomResourceOptions
                    {
                        Provider = provider,
                        ResourceTransformations = { Recorded().ResourceTransformations[0] },
                    });
                    var found = GetWidget.Invoke(new GetWidgetInvokeArgs { Name = "w1", Strict = true, Sort = SortOrder.Desc, Filter = new FilterInputArgs { Values = { "a" } } });
                    return new Dictionary<string, object?>
                    {
                        ["widgetSecretOutputs"] = string.Join(",", options["w"].AdditionalSecretOutputs),
                        ["widgetReplaceOnChanges"] = string.Join(",", options["w"].ReplaceOnChanges),
                        ["widgetVersion"] = options["w"].Version,
                        ["providerSecretOutputs"] = string.Join(",", options["p"].AdditionalSecretOutputs),
                        ["secretNumber"] = Untyped(widgetArgs.SecretNumber.ToOutput()),
                        ["secretList"] = Untyped(widgetArgs.SecretList.ToOutput()),
                        ["secretTags"] = Untyped(widgetArgs.SecretTags.ToOutput()),
                        ["apiKey"] = Untyped(providerArgs.ApiKey.ToOutput()),
                        ["name"] = Untyped(widget.Name),
                        ["color"] = Untyped(widget.Color),
                        ["tier"] = Untyped(widget.Tier),
                        ["brightness"] = Untyped(widget.Brightness),
                        ["foundColor"] = Untyped(found.Apply(r => r.Color)),
                        ["mode"] = Untyped(widget.Settings.Apply(s => s.Mode)),
                        ["cpu"] = Untyped(widget.Settings.Apply(s => s.Limits!.Cpu)),
                        ["port"] = Untyped(widget.PortsByName.Apply(p => p!["http"].Protocol)),
                        ["event"] = Untyped(widget.Event),
                        ["total"] = Untyped(found.Apply(r => r.Total)),
                        ["foundMode"] = Untyped(found.Apply(r => r.Settings.Mode)),
                        ["default"] = Untyped(found.Apply(r => r.Default)),
                    };
                }

                private static Output<object?> Untyped<T>(Output<T> output) => output.Apply(value => (object?)value);
            }
            """;
        var (assembly, problems) = Compiler.Compile(Generate(FixtureSchema.Json), program);
        Assert.True(assembly is not null, string.Join("\n", problems));
        var run = assembly.GetType("FixtureProgram")!.GetMethod("Run")!;

        var mocks = new EchoMocks();
        var (_, outputs) = await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false },
            () => (IDictionary<string, object?>)run.Invoke(null, null)!);

        var inputs = mocks.Inputs["w"];
        Assert.Equal("w1", inputs["name"]);
        Assert.Equal(1.5, inputs["size"]);
        Assert.Equal(2.0, inputs["count"]);
        Assert.Equal(true, inputs["enabled"]);
        var settings = (ImmutableDictionary<string, object>)inputs["settings"];
        Assert.Equal("fast", settings["mode"]);
        Assert.Equal(0.5, ((ImmutableDictionary<string, object>)settings["limits"])["cpu"]);
        var port = (ImmutableDictionary<string, object>)((ImmutableArray<object>)inputs["ports"]).Single();
        Assert.Equal(80.0, port["number"]);
        Assert.Equal(new object[] { 1.0, 2.0 }, (ImmutableArray<object>)((ImmutableArray<object>)inputs["matrix"]).Single());
        Assert.Equal(true, mocks.Calls.Single()["strict"]);
        Assert.Equal(10.0, mocks.Calls.Single()["limit"]);
        // Enums travel as their values; an enum default is sent like any other.
        Assert.Equal("desc", mocks.Calls.Single()["sort"]);
        Assert.Equal("light-blue", inputs["color"]);
        Assert.Equal(2.0, inputs["tier"]);
        Assert.False(inputs.ContainsKey("tags"));
        // Secrets reach the provider as values (the engine keeps them secret in state).
        Assert.Equal(7.0, inputs["secretNumber"]);

        // Provider settings other than strings travel as JSON; environment defaults are the provider's to apply.
        var providerInputs = mocks.Inputs["p"];
        Assert.Equal("https://acme.example.com", providerInputs["endpoint"]);
        Assert.Equal("0.5", providerInputs["ratio"]);
        Assert.False(providerInputs.ContainsKey("retries"));

        Assert.Equal("secretTags,secretValue", outputs["widgetSecretOutputs"]);
        Assert.Equal("settings.mode,zone", outputs["widgetReplaceOnChanges"]);
        Assert.Equal("1.2.3", outputs["widgetVersion"]);
        Assert.Equal("apiKey", outputs["providerSecretOutputs"]);
        Assert.True(await Output.IsSecretAsync((Output<object?>)outputs["secretNumber"]!));
        // Also when filled by a collection initializer, which adds to the list instead of assigning it.
        Assert.True(await Output.IsSecretAsync((Output<object?>)outputs["secretList"]!));
        Assert.True(await Output.IsSecretAsync((Output<object?>)outputs["secretTags"]!));
        Assert.True(await Output.IsSecretAsync((Output<object?>)outputs["apiKey"]!));
        Assert.False(await Output.IsSecretAsync((Output<object?>)outputs["name"]!));

        Assert.Equal("light-blue", (await ValueOf(outputs["color"]))?.ToString());
        Assert.Equal("Premium", (await ValueOf(outputs["tier"]))?.ToString());
        Assert.Equal("0.25", (await ValueOf(outputs["brightness"]))?.ToString());
        Assert.Equal("red", (await ValueOf(outputs["foundColor"]))?.ToString());

        Assert.Equal("fast", await ValueOf(outputs["mode"]));
        Assert.Equal(0.5, await ValueOf(outputs["cpu"]));
        Assert.Equal("tcp", await ValueOf(outputs["port"]));
        Assert.Equal("created", await ValueOf(outputs["event"]));
        Assert.Equal(7.5, await ValueOf(outputs["total"]));
        Assert.Equal("slow", await ValueOf(outputs["foundMode"]));
        Assert.Equal("d", await ValueOf(outputs["default"]));
    }

    private sealed class EchoMocks : IMocks
    {
        public Dictionary<string, ImmutableDictionary<string, object>> Inputs { get; } = [];
        public List<ImmutableDictionary<string, object>> Calls { get; } = [];

        public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
        {
            lock (Inputs) Inputs[args.Name!] = args.Inputs;
            // What the provider decides comes back beside the inputs.
            var outputs = args.Type == "acme:index:Widget" ? args.Inputs.Add("secretValue", "s").Add("brightness", 0.25) : args.Inputs;
            return Task.FromResult<(string?, object)>(($"{args.Name}-id", outputs));
        }

        public Task<object> CallAsync(MockCallArgs args)
        {
            lock (Calls) Calls.Add(args.Args);
            return Task.FromResult<object>(new Dictionary<string, object>
            {
                ["total"] = 7.5,
                ["settings"] = new Dictionary<string, object> { ["mode"] = "slow" },
                ["default"] = "d",
                ["color"] = "red",
            });
        }
    }

    /// <summary>The value of an output the compiled test program returned as an object.</summary>
    private static Task<object?> ValueOf(object? output) => OutputUtilities.GetValueAsync((Output<object?>)output!);

    [Theory]
    [InlineData("""{ "type": "boolean", "enum": [{ "value": true }] }""", "enums of type 'boolean'")]
    [InlineData("""{ "type": "string", "enum": [{ "value": "-" }] }""", "give the value a \"name\"")]
    [InlineData("""{ "type": "string", "enum": [{ "value": "a-b" }, { "value": "aB" }] }""", "a second member named AB")]
    [InlineData("""{ "type": "object", "properties": { "x": { "oneOf": [{ "type": "string" }, { "type": "integer" }] } } }""", "oneOf")]
    [InlineData("""{ "type": "object", "properties": { "x-y": { "type": "string" } } }""", "'x-y' is not usable as a C# name")]
    [InlineData("""{ "type": "object", "properties": { "x": { "$ref": "/aws/v6.0.0/schema.json#/types/aws:index:Tag" } } }""", "reference '/aws/v6.0.0/schema.json")]
    [InlineData("""{ "type": "object", "properties": { "x": { "type": "string", "deprecationMessage": "old" } } }""", "deprecated properties")]
    public void Unsupported_schema_features_are_refused_by_name(string thing, string expected)
    {
        var json = $$"""
            {
              "name": "acme", "version": "1.0.0",
              "resources": { "acme:index:Holder": { "inputProperties": { "thing": { "$ref": "#/types/acme:index:Thing" } } } },
              "types": { "acme:index:Thing": {{thing}} }
            }
            """;

        var error = Assert.Throws<NotSupportedException>(() => Generate(json));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("""{ "name": "acme", "version": "1.0.0", "publisher": "Acme" }""", "language.csharp.packageReferences has no Pulumi version")]
    [InlineData("""{ "name": "acme", "version": "1.0.0", "language": { "csharp": { "packageReferences": { "Pulumi": "3.112.1" } } } }""", "no publisher")]
    public void The_project_takes_its_pulumi_version_and_authors_from_the_schema_or_refuses(string json, string expected)
    {
        var error = Assert.Throws<NotSupportedException>(() => Generate(json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Aliases_by_name_or_project_are_refused_by_name()
    {
        var json = """
            {
              "name": "acme", "version": "1.0.0",
              "resources": { "acme:index:Holder": { "aliases": [{ "name": "old", "project": "p" }] } }
            }
            """;

        var error = Assert.Throws<NotSupportedException>(() => Generate(json));
        Assert.Contains("acme:index:Holder.aliases", error.Message);
        Assert.Contains("only aliases of a type", error.Message);
    }

    [Fact]
    public void A_schema_without_a_version_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => Generate("""{ "name": "acme" }"""));
        Assert.Contains("version", error.Message);
    }
}
