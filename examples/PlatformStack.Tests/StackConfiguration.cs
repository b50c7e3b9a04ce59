using System.Text.Json;

namespace PlatformStack.Tests;

/// <summary>The stack configuration a mocked run reads: Pulumi takes it from the PULUMI_CONFIG environment variable
/// when the deployment starts, one variable for the whole process, so the test classes that run programs share this
/// collection and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class StackConfiguration
{
    public const string Name = "Pulumi stack configuration (PULUMI_CONFIG)";

    /// <summary>Sets the configuration of the next run: <c>project:key</c> → value (JSON text for objects and lists);
    /// none gives the program's defaults.</summary>
    public static void Set(IReadOnlyDictionary<string, string>? values = null) =>
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(values ?? new Dictionary<string, string>()));
}
