namespace Pulumi.Coder.Testing;

/// <summary>Files of this repository, found from the test binaries. One source file, compiled into each test project
/// that needs it (see their .csproj).</summary>
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
