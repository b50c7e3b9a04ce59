using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Coder.Double.Tests;

public sealed class FileTests
{
    internal static byte[] Tar(params (string Name, string Content)[] files)
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }
        return output.ToArray();
    }

    private static byte[] Zip(params (string Name, string Content)[] files)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return output.ToArray();
    }

    internal static async Task<(HttpStatusCode Status, JsonNode? Body)> UploadAsync(HttpClient client, byte[] data, string contentType = "application/x-tar",
        string? token = null, bool bypassRateLimit = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/files") { Content = new ByteArrayContent(data) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (token is not null) request.Headers.Add("Coder-Session-Token", token);
        if (bypassRateLimit) request.Headers.Add("X-Coder-Bypass-Ratelimit", "true");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task Upload_StoresTar_DeduplicatesPerUploader_AndServesItBack()
    {
        await using var scope = await DoubleScope.StartAsync();
        var tar = Tar(("main.tf", "resource \"null_resource\" \"x\" {}"));

        var (created, body) = await UploadAsync(scope.Api.Client, tar);
        Assert.Equal(HttpStatusCode.Created, created);
        var id = body!["hash"]!.GetValue<string>();

        var (again, againBody) = await UploadAsync(scope.Api.Client, tar);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(id, againBody!["hash"]!.GetValue<string>());

        await scope.CreateUserAsync("bob");
        var (other, otherBody) = await UploadAsync(scope.Anonymous.Client, tar, token: scope.Coder.Control.IssueToken("bob"));
        Assert.Equal(HttpStatusCode.Created, other);
        Assert.NotEqual(id, otherBody!["hash"]!.GetValue<string>());

        using var download = await scope.Api.Client.GetAsync($"/api/v2/files/{id}");
        Assert.Equal("application/x-tar", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(tar, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Upload_ConvertsZipToTar_AndDownloadCanConvertBack()
    {
        await using var scope = await DoubleScope.StartAsync();
        var (status, body) = await UploadAsync(scope.Api.Client, Zip(("dir/main.tf", "hello")), "application/zip");
        Assert.Equal(HttpStatusCode.Created, status);
        var id = body!["hash"]!.GetValue<string>();

        using var tar = await scope.Api.Client.GetAsync($"/api/v2/files/{id}");
        Assert.Equal("application/x-tar", tar.Content.Headers.ContentType!.MediaType);
        using var reader = new TarReader(await tar.Content.ReadAsStreamAsync());
        var entry = reader.GetNextEntry()!;
        Assert.Equal("dir/main.tf", entry.Name);
        Assert.Equal(1000, entry.Uid);
        Assert.Equal("hello", new StreamReader(entry.DataStream!).ReadToEnd());

        using var zip = await scope.Api.Client.GetAsync($"/api/v2/files/{id}?format=zip");
        Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
        Assert.Equal("dir/main.tf", Assert.Single(archive.Entries).FullName);
    }

    [Fact]
    public async Task Upload_And_Download_Errors()
    {
        await using var scope = await DoubleScope.StartAsync();

        var (wrongType, wrongBody) = await UploadAsync(scope.Api.Client, [1, 2, 3], "application/octet-stream");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType);
        Assert.Equal("Unsupported content type header \"application/octet-stream\".", wrongBody!["message"]!.GetValue<string>());

        var (badZip, badZipBody) = await UploadAsync(scope.Api.Client, [1, 2, 3], "application/zip");
        Assert.Equal(HttpStatusCode.BadRequest, badZip);
        Assert.Equal("Incomplete .zip archive file.", badZipBody!["message"]!.GetValue<string>());

        var badId = await scope.Api.GetAsync("/api/v2/files/nope");
        Assert.Equal("File id must be a valid UUID.", badId.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await scope.Api.GetAsync($"/api/v2/files/{Guid.NewGuid()}")).Status);

        var (_, body) = await UploadAsync(scope.Api.Client, Tar(("a", "b")));
        var format = await scope.Api.GetAsync($"/api/v2/files/{body!["hash"]}?format=rar");
        Assert.Equal("Unsupported conversion format.", format.Message);
    }

    [Fact]
    public async Task Upload_Over100MiB_Is413()
    {
        await using var scope = await DoubleScope.StartAsync();
        var (status, body) = await UploadAsync(scope.Api.Client, new byte[100 * 1024 * 1024 + 1]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("Request body too large.", body!["message"]!.GetValue<string>());
        Assert.Equal("Maximum request body size is 104857600 bytes.", body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Uploads_AreRateLimited_To12AMinute_LikeCoderd()
    {
        await using var scope = await DoubleScope.StartAsync();
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await UploadAsync(scope.Api.Client, Tar(($"f{i}", "x")))).Status);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/files") { Content = new ByteArrayContent(Tar(("late", "x"))) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var limited = await scope.Api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Assert.Contains("You've been rate limited for sending more than 12 requests in 1m0s.", await limited.Content.ReadAsStringAsync());

        // An owner may bypass, and the limit can be switched off.
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(scope.Api.Client, Tar(("owner", "x")), bypassRateLimit: true)).Status);
        scope.Coder.Control.Deployment.FilesRateLimit = 0;
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(scope.Api.Client, Tar(("free", "x")))).Status);
    }

    [Fact]
    public async Task ApiCalls_AreRateLimited_PerPath()
    {
        await using var scope = await DoubleScope.StartAsync(new CoderDoubleOptions { ApiRateLimit = 3 });
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync("/api/v2/users/me")).Status);

        var limited = await scope.Api.GetAsync("/api/v2/users/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("You've been rate limited for sending more than 3 requests in 1m0s.", limited.Message);
        Assert.Equal(HttpStatusCode.OK, (await scope.Api.GetAsync("/api/v2/users")).Status);
    }
}
