using System.Security.Cryptography;
using System.Text;
using Coder.Client.Archives;
using Coder.Client.Errors;
using Coder.Client.Jobs;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Provisioning;

/// <summary>What a new template version is made of.</summary>
public sealed record TemplatePushSpec(
    Archive Source,
    IReadOnlyDictionary<string, string>? TfVars,
    IReadOnlyDictionary<string, string>? ProvisionerTags,
    string? Name,
    string? Message);

/// <summary>A version that imported successfully, with the digest of the source it was made from.</summary>
public sealed record PushedVersion(TemplateVersion Version, string SourceHash);

/// <summary>
/// Pushes a template version as <c>coder templates push</c> does: the source archived with Coder's skip rules,
/// uploaded, a version created with the variable values and provisioner tags, and its import job waited for. One
/// mechanism for the Template and TemplateVersion resources.
/// </summary>
public static class TemplatePush
{
    /// <summary>The digest of exactly what a push of <paramref name="source"/> sends: the archive's bytes and the
    /// variable files beside it. Equal sources (however spelled: folder, tarball, assets) have equal digests.</summary>
    public static async Task<string> DigestAsync(Archive source, string property, CancellationToken ct)
    {
        var (archive, variableFiles) = TemplateSources.ReadWithVariableFiles(source, property);
        var archiveHash = await archive.ComputeSha256Async(ct);
        return Digest(archiveHash, variableFiles);
    }

    /// <summary>The <c>sourceHash</c> a Template or TemplateVersion derives at Check: the digest of its source, or the
    /// value it was given while it has no source (an import reports the active version's).</summary>
    public static async Task<string?> DeriveSourceHashAsync<TArgs>(Mapped<TArgs> inputs, Archive? source, string? given, CancellationToken ct)
        where TArgs : class
    {
        if (inputs.Unknown.Contains("source") || source is null) return given;
        try
        {
            return await DigestAsync(source, "source", ct);
        }
        catch (TemplateSourceException e)
        {
            throw new DerivationException("source", e.Message);
        }
    }

    /// <summary>Check's rule: a version can only be pushed from a source; only an import may have none yet.</summary>
    public static CheckFailure? RequireSource<TArgs>(Mapped<TArgs> inputs, Archive? source, string? sourceHash) where TArgs : class =>
        source is null && sourceHash is null && !inputs.Unknown.Contains("source")
            ? new CheckFailure("source", "source is required: give the template's Terraform folder, such as " +
                "new FileArchive(\"./templates/docker\"). (Only an imported template or version may leave it unset until " +
                "the program names one.)")
            : null;

    /// <summary>The archive's own hash when the template has no variable files, so that a template imported from Coder
    /// (whose uploaded archive is all there is to hash) compares equal to the same folder in the program.</summary>
    public static string Digest(string archiveHash, IReadOnlyList<TemplateFile> variableFiles)
    {
        if (variableFiles.Count == 0) return archiveHash;
        var text = new StringBuilder(archiveHash);
        foreach (var file in variableFiles)
            text.Append('\n').Append(file.Path).Append(' ').Append(Convert.ToHexStringLower(SHA256.HashData(file.Content.Span)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static async Task<PushedVersion> PushAsync(
        ResourceContext context, Guid organizationId, Guid? templateId, TemplatePushSpec spec, string property, CancellationToken ct)
    {
        var client = context.Session.Client;
        var (archive, variableFiles) = TemplateSources.ReadWithVariableFiles(spec.Source, property);
        var variables = TemplateVariables.Resolve(variableFiles, spec.TfVars, property);
        using var content = await archive.BuildAsync(ct);
        await context.ReportProgressAsync($"uploading the template source ({archive.Paths.Count} entries, {content.Length} bytes)");
        var upload = await client.Files.UploadTarAsync(content.Content, ct);
        var version = await client.TemplateVersions.CreateAsync(organizationId.ToString(), new CreateTemplateVersionRequest
        {
            FileId = upload.Hash,
            Provisioner = ProvisionerType.Terraform,
            StorageMethod = "file",
            Tags = spec.ProvisionerTags,
            TemplateId = templateId,
            UserVariableValues = variables,
            Name = spec.Name,
            Message = spec.Message,
        }, ct);
        TemplateVersion? lastRead = null;
        var job = ProvisionerJobSource.TemplateVersionImport(client, version.Id, read => lastRead = read);
        try
        {
            // coderd leaves a job no daemon can take pending until its reaper fails it after 30 minutes
            // (coder/coder#14289): say so now, naming the daemons there are.
            if (version.MatchedProvisioners is { } matched && (matched.Count == 0 || matched.Available == 0))
            {
                await BestEffortAsync(context, job.CancelAsync);
                throw new ProviderException(await NoDaemonAsync(context, organizationId, version, matched, spec.ProvisionerTags, ct));
            }
            await ProvisionerJobs.WaitAsync(context, job, context.Timeout, ct);
        }
        catch (ProvisionerJobFailedException failure)
        {
            throw new ProviderException(await ExplainAsync(context, version, failure, ct), failure);
        }
        catch (Exception) when (templateId is not null)
        {
            // A failed version of an existing template would linger in its version list; archive it (best effort).
            await BestEffortAsync(context, token => client.TemplateVersions.ArchiveAsync(version.Id, token));
            throw;
        }
        // The waiter's last status read is the imported version (a create returns a round trip sooner for it).
        var imported = lastRead is { } read && ProvisionerJobStatus.IsCompleted(read.Job.Status)
            ? read
            : await client.TemplateVersions.GetAsync(version.Id, ct);
        return new PushedVersion(imported, Digest(content.Sha256, variableFiles));
    }

    /// <summary>The digest of what a version was made from, read back from Coder (for an import, which knows no
    /// source): its uploaded archive, hashed as a push of the same files would be. Null when it cannot be read as a
    /// template.</summary>
    public static async Task<string?> SourceHashOfAsync(ResourceContext context, Guid versionId, CancellationToken ct)
    {
        var client = context.Session.Client;
        var version = await client.TemplateVersions.GetAsync(versionId, ct);
        var copy = Path.Combine(Path.GetTempPath(), $"coder-template-{version.Job.FileId}.tar");
        try
        {
            await using (var download = await client.Files.DownloadAsync(version.Job.FileId, ct))
            await using (var file = File.Create(copy))
                await download.CopyToAsync(file, ct);
            var archive = TemplateSources.Read(new FileArchive(copy), "source");
            return Digest(await archive.ComputeSha256Async(ct), []);
        }
        catch (TemplateSourceException)
        {
            return null;
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>Coder's job error, and for missing variables which ones and where to set them.</summary>
    private static async Task<string> ExplainAsync(ResourceContext context, TemplateVersion version, ProvisionerJobFailedException failure, CancellationToken ct)
    {
        if (failure.ErrorCode != JobErrorCode.RequiredTemplateVariables) return failure.Message;
        var variables = await CoderCalls.OrNullIfGoneAsync(() => context.Session.Client.TemplateVersions.GetVariablesAsync(version.Id, ct));
        var missing = (variables ?? []).Where(v => v.Required && v.Value.Length == 0).Select(v => v.Name).ToList();
        return missing.Count == 0 ? failure.Message
            : $"the template needs a value for the Terraform variable{(missing.Count > 1 ? "s" : "")} " +
              $"{string.Join(", ", missing)}: set {(missing.Count > 1 ? "them" : "it")} in tfVars (or a terraform.tfvars " +
              $"file in the source). {failure.Message}";
    }

    /// <summary>A clean-up call that must not hide the error being reported, with its own time limit (the update's
    /// token may be the one that was cancelled).</summary>
    private static async Task BestEffortAsync(ResourceContext context, Func<CancellationToken, Task> call)
    {
        using var timeout = context.Shutdown.CleanupTimeout(TimeSpan.FromSeconds(30));
        try
        {
            await call(timeout.Token);
        }
        catch (Exception e) when (e is CoderApiException or OperationCanceledException)
        {
        }
    }

    private static async Task<string> NoDaemonAsync(ResourceContext context, Guid organizationId, TemplateVersion version,
        MatchedProvisioners matched, IReadOnlyDictionary<string, string>? tags, CancellationToken ct)
    {
        var daemons = await context.Session.Client.Organizations.ListProvisionerDaemonsAsync(organizationId.ToString(),
            offline: true, limit: 0, cancellationToken: ct);
        var known = daemons.Count == 0 ? "the organization has no provisioner daemons"
            : "its daemons are " + string.Join("; ", daemons.Select(d =>
                $"{d.Name} ({d.Status ?? "unknown"}, last seen {d.LastSeenAt?.ToString("u") ?? "never"}, tags " +
                $"{Describe(d.Tags)})"));
        var why = matched.Count == 0
            ? $"no provisioner daemon has the tags it needs ({Describe(tags)})"
            : $"the {matched.Count} daemon{(matched.Count == 1 ? "" : "s")} with the tags it needs ({Describe(tags)}) " +
              $"{(matched.Count == 1 ? "is" : "are")} not connected (last seen {matched.MostRecentlySeen?.ToString("u") ?? "never"})";
        return $"the import of template version {version.Name} cannot start: {why}; {known}. Start a daemon with those " +
            "tags (coder provisioner start --tag key=value), or change provisionerTags. The job was cancelled on Coder " +
            "rather than left pending until Coder's reaper fails it after 30 minutes.";
    }

    private static string Describe(IReadOnlyDictionary<string, string>? tags) =>
        tags is not { Count: > 0 } ? "only the default scope=organization"
            : string.Join(", ", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
}
