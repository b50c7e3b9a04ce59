using System.Text.Json;
using System.Text.RegularExpressions;
using Pulumi.Coder.Testing;

namespace PlatformStack.Tests;

/// <summary>
/// The example's Docker template: its coder-double.json (what the Coder double takes for what Terraform would report)
/// says what main.tf declares, so the tests against the double test this template and not another one.
/// </summary>
public sealed partial class DockerTemplateTests
{
    private static readonly string Folder = RepositoryFiles.PathOf("examples/PlatformStack/templates/docker");
    private static readonly IReadOnlyList<Block> MainTf = Blocks(File.ReadAllText(Path.Combine(Folder, "main.tf")));
    private static readonly JsonElement Declaration = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "coder-double.json")),
        new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }).RootElement;

    [Fact]
    public void Its_parameters_are_main_tfs_coder_parameters()
    {
        var declared = MainTf.Where(b => b.Labels is ["data", "coder_parameter", _])
            .Select(b => new
            {
                Name = b.Attributes["name"],
                DisplayName = b.Attributes.GetValueOrDefault("display_name"),
                Description = b.Attributes.GetValueOrDefault("description"),
                Type = b.Attributes.GetValueOrDefault("type", "string"),
                Default = b.Attributes.GetValueOrDefault("default"),
                Mutable = b.Attributes.GetValueOrDefault("mutable", "false"),
                Min = b.Nested.SingleOrDefault(n => n.Labels is ["validation"])?.Attributes.GetValueOrDefault("min"),
                Max = b.Nested.SingleOrDefault(n => n.Labels is ["validation"])?.Attributes.GetValueOrDefault("max"),
            });
        var forTheDouble = Declaration.GetProperty("parameters").EnumerateArray()
            .Select(p => new
            {
                Name = p.GetProperty("name").GetString()!,
                DisplayName = Text(p, "display_name"),
                Description = Text(p, "description"),
                Type = Text(p, "type") ?? "string",
                Default = Text(p, "default"),
                Mutable = p.TryGetProperty("mutable", out var mutable) && mutable.GetBoolean() ? "true" : "false",
                Min = p.TryGetProperty("validation", out var v) ? Text(v, "min") : null,
                Max = p.TryGetProperty("validation", out var w) ? Text(w, "max") : null,
            });

        Assert.NotEmpty(declared);
        Assert.Equal(declared.OrderBy(p => p.Name), forTheDouble.OrderBy(p => p.Name));
    }

    [Fact]
    public void Its_variables_are_main_tfs_variables()
    {
        var declared = MainTf.Where(b => b.Labels is ["variable", _])
            .Select(b => (b.Labels[1], b.Attributes.GetValueOrDefault("type"), b.Attributes.GetValueOrDefault("default")));
        var forTheDouble = Declaration.GetProperty("variables").EnumerateArray()
            .Select(v => (v.GetProperty("name").GetString()!, Text(v, "type"), Text(v, "default")));

        Assert.Equal(declared.Order(), forTheDouble.Order());
    }

    [Fact]
    public void Its_resources_and_agent_are_main_tfs()
    {
        var resources = MainTf.Where(b => b.Labels is ["resource", var type, _] && !type.StartsWith("coder_", StringComparison.Ordinal))
            .Select(b => $"{b.Labels[1]}.{b.Labels[2]}");
        var agents = MainTf.Where(b => b.Labels is ["resource", "coder_agent", _])
            .Select(b => $"{b.Labels[2]} {b.Attributes["os"]}/{b.Attributes["arch"]}");
        var declared = Declaration.GetProperty("resources").EnumerateArray().ToList();

        Assert.Equal(resources.Order(), declared.Select(r => $"{r.GetProperty("type").GetString()}.{r.GetProperty("name").GetString()}").Order());
        Assert.Equal(agents.Order(), declared.SelectMany(r => r.TryGetProperty("agents", out var a) ? a.EnumerateArray().ToList() : [])
            .Select(a => $"{a.GetProperty("name").GetString()} {a.GetProperty("operating_system").GetString()}/{a.GetProperty("architecture").GetString()}")
            .Order());
    }

    private static string? Text(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();

    /// <summary>A block of main.tf: its labels (<c>data "coder_parameter" "memory"</c> → data, coder_parameter,
    /// memory), its one-line attributes (quotes removed) and its nested blocks.</summary>
    private sealed record Block(IReadOnlyList<string> Labels, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<Block> Nested);

    /// <summary>The blocks of the HCL this template uses: labelled blocks with one attribute a line, or
    /// <c>{ a = x, b = y }</c> on one line. Enough for this template, not a parser of HCL.</summary>
    private static List<Block> Blocks(string hcl)
    {
        var blocks = new List<Block>();
        var position = 0;
        while (BlockStart().Match(hcl, position) is { Success: true } start)
        {
            var depth = 1;
            var end = start.Index + start.Length;
            for (; depth > 0; end++) depth += hcl[end] switch { '{' => 1, '}' => -1, _ => 0 };
            var body = hcl[(start.Index + start.Length)..(end - 1)];
            var labels = start.Groups["labels"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim('"')).ToList();
            var nested = Blocks(body);
            var ownLines = string.Join('\n', NestedBlock().Replace(body, ""));
            var attributes = Attribute().Matches(ownLines)
                .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value.Trim().Trim('"'));
            blocks.Add(new Block(labels, attributes, nested));
            position = end;
        }
        return blocks;
    }

    [GeneratedRegex("""^[ \t]*(?<labels>[a-z_]+(?:[ \t]+"[^"]*")*)[ \t]*\{""", RegexOptions.Multiline)]
    private static partial Regex BlockStart();

    // A nested block spanning lines (one level deep is all this template has).
    [GeneratedRegex("""^[ \t]*[a-z_]+(?:[ \t]+"[^"]*")*[ \t]*\{[^{}]*\n[^{}]*\}""", RegexOptions.Multiline)]
    private static partial Regex NestedBlock();

    [GeneratedRegex("""^[ \t]*(?<name>[a-z_]+)[ \t]*=[ \t]*(?<value>[^\n{]+?)[ \t]*$""", RegexOptions.Multiline)]
    private static partial Regex Attribute();
}
