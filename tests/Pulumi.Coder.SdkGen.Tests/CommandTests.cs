namespace Pulumi.Coder.SdkGen.Tests;

/// <summary>The command line: <c>Pulumi.Coder.SdkGen &lt;schema.json&gt; &lt;sdk folder&gt;</c>.</summary>
public class CommandTests
{
    private static async Task<int> RunAsync(params string[] arguments)
    {
        var entryPoint = typeof(SdkGenerator).Assembly.EntryPoint!;
        var result = entryPoint.Invoke(null, [arguments]);
        return result is Task<int> task ? await task : (int)result!;
    }

    [Fact]
    public async Task It_writes_the_sdk_of_a_schema_into_the_folder()
    {
        using var folder = new TempFolder();

        var exitCode = await RunAsync(RepositoryFiles.PathOf("schema.json"), folder["sdk"]);

        Assert.Equal(0, exitCode);
        Assert.True(File.Exists(folder["sdk/Pulumi.Coder.csproj"]));
        Assert.True(File.Exists(folder["sdk/Config/Config.cs"]));
        Assert.Equal(SdkGenerator.Assets["icon.png"], await File.ReadAllBytesAsync(folder["sdk/icon.png"]));
    }

    [Fact]
    public async Task It_fails_without_writing_when_the_schema_asks_for_something_unsupported()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder["schema.json"], """
            { "name": "acme", "version": "1.0.0", "resources": { "acme:index:Thing": { "isComponent": true } } }
            """);

        var exitCode = await RunAsync(folder["schema.json"], folder["sdk"]);

        Assert.Equal(1, exitCode);
        Assert.False(Directory.Exists(folder["sdk"]));
    }

    [Fact]
    public async Task It_explains_its_usage_when_called_wrongly()
    {
        Assert.Equal(2, await RunAsync("schema.json"));
    }
}
