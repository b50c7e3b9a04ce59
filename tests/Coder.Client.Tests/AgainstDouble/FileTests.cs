using System.Formats.Tar;
using System.Security.Cryptography;
using Coder.Client.Archives;
using Coder.Client.Errors;

namespace Coder.Client.Tests.AgainstDouble;

[Collection(DoubleCollection.Name)]
public sealed class FileTests : DoubleTest
{
    private static Task<TemplateArchiveContent> BuildTemplateAsync(string marker = "workspace") =>
        TemplateArchive.FromFiles(
        [
            TemplateFile.Text("main.tf", $"resource \"null_resource\" \"{marker}\" {{}}\n"),
            TemplateFile.Text("scripts/start.sh", "#!/bin/sh\necho started\n", executable: true),
        ]).BuildAsync();

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    [Fact]
    public async Task An_uploaded_template_downloads_byte_for_byte()
    {
        using var archive = await BuildTemplateAsync();

        var file = await Client.Files.UploadTarAsync(archive.Content);
        var downloaded = await ReadAllAsync(await Client.Files.DownloadAsync(file.Hash));

        Assert.NotEqual(Guid.Empty, file.Hash);
        Assert.Equal(archive.Sha256, Convert.ToHexStringLower(SHA256.HashData(downloaded)));
        using var reader = new TarReader(new MemoryStream(downloaded));
        var names = new List<string>();
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
        }

        Assert.Equal(["main.tf", "scripts/", "scripts/start.sh"], names);
    }

    [Fact]
    public async Task The_same_content_uploaded_again_is_the_same_file()
    {
        using var first = await BuildTemplateAsync();
        using var again = await BuildTemplateAsync();
        using var other = await BuildTemplateAsync("other");

        var firstId = (await Client.Files.UploadTarAsync(first.Content)).Hash;
        var againId = (await Client.Files.UploadTarAsync(again.Content)).Hash;
        var otherId = (await Client.Files.UploadTarAsync(other.Content)).Hash;

        Assert.Equal(firstId, againId);
        Assert.NotEqual(firstId, otherId);
    }

    [Fact]
    public async Task An_unknown_file_is_not_found()
    {
        var error = await Assert.ThrowsAsync<CoderApiException>(() => Client.Files.DownloadAsync(Guid.NewGuid()));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task Coderds_own_upload_rate_limit_surfaces_when_its_wait_is_too_long()
    {
        // coderd allows 12 uploads a minute per user; its 429 asks to wait out the minute.
        Coder.Control.Deployment.FilesRateLimit = 1;
        var client = Session.CreateClient(Coder.SessionToken, Session.FastResilience() with { MaxRetryAfter = TimeSpan.FromSeconds(30) });
        using var first = await BuildTemplateAsync();
        using var second = await BuildTemplateAsync("second");
        await client.Files.UploadTarAsync(first.Content);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Files.UploadTarAsync(second.Content));

        Assert.Equal(CoderErrorKind.RateLimited, error.Kind);
        Assert.Empty(Session.Retries);
    }
}
