using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pulumi.Coder.SdkGen.Tests;

/// <summary>Compiles generated C# in memory the way the SDK project builds it (nullable on, doc comments checked).</summary>
internal static class Compiler
{
    private static readonly MetadataReference[] References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Append(typeof(Pulumi.Resource).Assembly.Location)
        .Distinct(StringComparer.Ordinal)
        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
        .ToArray();

    /// <summary>The loaded assembly, or the warnings and errors that stopped it.</summary>
    public static (Assembly? Assembly, IReadOnlyList<string> Problems) Compile(
        IReadOnlyDictionary<string, string> generatedFiles, params string[] moreSources)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
        // The SDK build stamps the assembly with the project's <Version>; Utilities.Version reads it back.
        var version = generatedFiles.Where(file => file.Key.EndsWith(".csproj", StringComparison.Ordinal))
            .Select(file => System.Text.RegularExpressions.Regex.Match(file.Value, "<Version>([^<]+)</Version>"))
            .Where(match => match.Success).Select(match => match.Groups[1].Value).SingleOrDefault() ?? "0.0.0";
        var trees = generatedFiles.Where(file => file.Key.EndsWith(".cs", StringComparison.Ordinal))
            .Select(file => CSharpSyntaxTree.ParseText(file.Value, parseOptions, path: file.Key))
            .Append(CSharpSyntaxTree.ParseText($"[assembly: System.Reflection.AssemblyInformationalVersion(\"{version}\")]", parseOptions, path: "version.cs"))
            .Concat(moreSources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"extra{i}.cs")));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // As in the generated project: undescribed members are fine; version unification is not a defect.
                ["CS1591"] = ReportDiagnostic.Suppress,
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });
        var compilation = CSharpCompilation.Create($"Fixture{Guid.NewGuid():N}", trees, References, options);
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        if (!result.Success || problems.Count > 0) return (null, problems);
        image.Position = 0;
        return (AssemblyLoadContext.Default.LoadFromStream(image), problems);
    }
}
