namespace Pulumi.Coder.SdkGen.Tests;

internal static class RepositoryFiles
{
    /// <summary>The repository root: the nearest folder above the test binaries holding Pulumi.Coder.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.Coder.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Pulumi.Coder.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>A folder under the system temp folder, deleted with everything in it when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sdkgen-tests-").FullName;

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
