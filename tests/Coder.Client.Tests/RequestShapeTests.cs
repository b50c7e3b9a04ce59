using System.Net;
using Coder.Client.Models;
using Coder.Client.Tests.Support;

namespace Coder.Client.Tests;

/// <summary>Paths, query strings and bodies as coderd expects them.</summary>
public sealed class RequestShapeTests
{
    [Fact]
    public async Task Query_parameters_use_coders_names_and_are_left_out_when_unset()
    {
        var stub = new StubHttpHandler().ThenJson(HttpStatusCode.OK, """{"users":[],"count":0}""");
        using var client = TestClients.Create(stub);

        await client.Users.ListAsync(query: "status:active username:alice", limit: 25);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("/api/v2/users", request.Uri.AbsolutePath);
        Assert.Equal("?q=status%3Aactive%20username%3Aalice&limit=25", request.Uri.Query);
    }

    [Fact]
    public async Task Booleans_in_queries_are_lower_case()
    {
        var stub = new StubHttpHandler().ThenJson(HttpStatusCode.OK, "[]");
        using var client = TestClients.Create(stub);
        var template = Guid.Parse("5a0e6b3b-2a3c-4d5e-8f90-a1b2c3d4e5f6");

        await client.Templates.ListVersionsAsync(template, includeArchived: true);

        var request = Assert.Single(stub.Requests);
        Assert.Equal($"/api/v2/templates/{template}/versions", request.Uri.AbsolutePath);
        Assert.Equal("?include_archived=true", request.Uri.Query);
    }

    [Fact]
    public async Task Workspace_delete_is_a_build_with_transition_delete()
    {
        var workspace = Guid.Parse("0b9d6a0e-4b8e-4f0f-9d7a-7c0a1b2c3d4e");
        var stub = new StubHttpHandler().ThenJson(HttpStatusCode.Created,
            """{"id":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","transition":"delete","job":{"status":"pending"}}""");
        using var client = TestClients.Create(stub);

        var build = await client.Workspaces.CreateBuildAsync(workspace, new() { Transition = WorkspaceTransition.Delete });

        Assert.Equal(ProvisionerJobStatus.Pending, build.Job.Status);
        var request = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"/api/v2/workspaces/{workspace}/builds", request.Uri.AbsolutePath);
        Assert.Equal("""{"transition":"delete"}""", request.BodyText);
        Assert.StartsWith("application/json", request.ContentType);
    }

    [Fact]
    public async Task Names_in_paths_are_escaped()
    {
        var stub = new StubHttpHandler().ThenJson(HttpStatusCode.OK, """{"id":"0b9d6a0e-4b8e-4f0f-9d7a-7c0a1b2c3d4e","name":"dev"}""");
        using var client = TestClients.Create(stub);

        await client.Workspaces.GetByOwnerAndNameAsync("alice", "my ws/1");

        Assert.Equal("/api/v2/users/alice/workspace/my%20ws%2F1", Assert.Single(stub.Requests).Uri.AbsolutePath);
    }

    [Fact]
    public async Task The_active_version_is_set_with_a_patch_on_the_versions_collection()
    {
        var template = Guid.Parse("5a0e6b3b-2a3c-4d5e-8f90-a1b2c3d4e5f6");
        var version = Guid.Parse("1f0e2d3c-4b5a-4697-8877-665544332211");
        var stub = new StubHttpHandler().ThenJson(HttpStatusCode.OK, """{"message":"Updated the active template version!"}""");
        using var client = TestClients.Create(stub);

        await client.Templates.SetActiveVersionAsync(template, new() { Id = version });

        var request = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Patch, request.Method);
        Assert.Equal($"/api/v2/templates/{template}/versions", request.Uri.AbsolutePath);
        Assert.Equal($$"""{"id":"{{version}}"}""", request.BodyText);
    }

    [Fact]
    public async Task File_download_returns_the_bytes()
    {
        var stub = new StubHttpHandler().Then(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new("application/x-tar") } },
        });
        using var client = TestClients.Create(stub);

        await using var stream = await client.Files.DownloadAsync(Guid.NewGuid());
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal([1, 2, 3], copy.ToArray());
    }
}
