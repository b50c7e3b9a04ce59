namespace Coder.Client.Archives;

/// <summary>
/// What a template archive leaves out, following what <c>coder templates push</c> does (coder/coder
/// provisionersdk/archive.go): hidden files and directories (except <c>.terraform.lock.hcl</c>, which pins the
/// providers), anything with <c>.tfstate</c> in its path, and variable files Coder supplies itself.
/// </summary>
public static class TemplateArchiveRules
{
    /// <summary>The limit <c>coder templates push</c> applies to a template archive: 1 MiB.</summary>
    public const long CoderCliLimitBytes = 1L << 20;

    /// <summary>The largest upload coderd accepts: 100 MiB.</summary>
    public const long CoderServerLimitBytes = 100L << 20;

    public const string LockFileName = ".terraform.lock.hcl";

    /// <summary>Whether a directory at <paramref name="relativePath"/> is left out with everything in it.</summary>
    public static bool SkipsDirectory(string relativePath) =>
        HasHiddenSegment(relativePath, allowLockFile: false) || relativePath.Contains(".tfstate", StringComparison.Ordinal);

    /// <summary>Whether a file (or symbolic link) at <paramref name="relativePath"/> is left out.</summary>
    public static bool SkipsFile(string relativePath)
    {
        if (HasHiddenSegment(relativePath, allowLockFile: true) || relativePath.Contains(".tfstate", StringComparison.Ordinal))
        {
            return true;
        }

        // Coder passes template variables its own way; Terraform must not pick up local values.
        return relativePath is "terraform.tfvars" or "terraform.tfvars.json" ||
               relativePath.EndsWith(".auto.tfvars", StringComparison.Ordinal) ||
               relativePath.EndsWith(".auto.tfvars.json", StringComparison.Ordinal);
    }

    /// <summary>Whether a file at <paramref name="relativePath"/> is left out, by its own name or a directory above it.</summary>
    public static bool ExcludesFile(string relativePath)
    {
        var segments = relativePath.Split('/');
        return SkipsFile(relativePath)
            || Enumerable.Range(1, segments.Length - 1).Any(n => SkipsDirectory(string.Join('/', segments[..n])));
    }

    /// <summary>Whether the top-level file <paramref name="name"/> makes the directory a Terraform template.</summary>
    public static bool IsTerraformFile(string name) =>
        name.EndsWith(".tf", StringComparison.Ordinal) || name.EndsWith(".tf.json", StringComparison.Ordinal);

    private static bool HasHiddenSegment(string relativePath, bool allowLockFile)
    {
        var segments = relativePath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            if (segments[i].StartsWith('.') && !(last && allowLockFile && segments[i] == LockFileName))
            {
                return true;
            }
        }

        return false;
    }
}
