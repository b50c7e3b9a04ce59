using System.Text.Json;
using Pulumi.Coder.Testing;

namespace PlatformStack.Tests;

/// <summary>The stack configuration a mocked run reads: Pulumi takes it from the PULUMI_CONFIG environment variable
/// when the deployment starts, one variable for the whole process, so the test classes that run programs share this
/// collection and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class StackConfiguration
{
    public const string Name = "Pulumi stack configuration (PULUMI_CONFIG)";

    /// <summary>Sets the configuration of the next run: <c>project:key</c> → value (JSON text for objects and lists);
    /// none gives the program's defaults. The templates folder is the example's own unless given: the program reads
    /// it relative to the project's folder, where `pulumi up` runs, and tests run elsewhere.</summary>
    public static void Set(IReadOnlyDictionary<string, string>? values = null)
    {
        var config = new Dictionary<string, string>(values ?? new Dictionary<string, string>());
        config.TryAdd("platform:templatesFolder", RepositoryFiles.PathOf("examples/PlatformStack/templates"));
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(config));
    }
}
