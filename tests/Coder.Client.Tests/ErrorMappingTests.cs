using System.Net;
using Coder.Client.Errors;
using Coder.Client.Tests.Support;

namespace Coder.Client.Tests;

public sealed class ErrorMappingTests
{
    private static readonly Guid TemplateId = Guid.Parse("9f1d7c1e-3f53-4a63-9b0a-2c4a0d3e8a11");

    private static async Task<CoderApiException> FailingGetTemplate(HttpStatusCode status, string body)
    {
        var stub = new StubHttpHandler().ThenJson(status, body);
        using var client = TestClients.Create(stub, new CoderResilienceOptions { MaxRetryAttempts = 0 });
        return await Assert.ThrowsAsync<CoderApiException>(() => client.Templates.GetAsync(TemplateId));
    }

    [Fact]
    public async Task Validation_error_lists_every_failing_field()
    {
        var stub = new StubHttpHandler().ThenJson(HttpStatusCode.BadRequest, """
            {"message":"Validation failed.","validations":[
              {"field":"name","detail":"Validation failed for tag \"template_name\" with value: \"Bad Name\""},
              {"field":"display_name","detail":"must be less than 64 characters"}]}
            """);
        using var client = TestClients.Create(stub);

        var error = await Assert.ThrowsAsync<CoderApiException>(() =>
            client.Organizations.CreateAsync(new() { Name = "Bad Name" }));

        Assert.Equal(CoderErrorKind.Validation, error.Kind);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("Validation failed.", error.CoderMessage);
        Assert.Equal(["name", "display_name"], error.Validations.Select(v => v.Field));
        Assert.Contains("Organizations.Create", error.Message);
        Assert.Contains("POST /api/v2/organizations", error.Message);
        Assert.Contains("400", error.Message);
        Assert.Contains("name: Validation failed for tag \"template_name\"", error.Message);
        Assert.Contains("display_name: must be less than 64 characters", error.Message);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task Unauthorized_is_recognisable_and_never_shows_the_token()
    {
        var error = await FailingGetTemplate(HttpStatusCode.Unauthorized,
            $$"""{"message":"You must be logged in.","detail":"API key {{TestClients.Token}} is expired."}""");

        Assert.Equal(CoderErrorKind.Unauthorized, error.Kind);
        Assert.DoesNotContain(TestClients.Token, error.Message);
        Assert.DoesNotContain(TestClients.Token, error.Detail);
        Assert.DoesNotContain(TestClients.Token, error.ToString());
        Assert.Contains("[redacted]", error.Detail);
    }

    [Fact]
    public async Task Header_values_echoed_by_a_proxy_are_scrubbed_like_the_token()
    {
        const string proxyCredential = "cHJveHktdXNlcjpwcm94eS1wYXNz";
        var stub = new StubHttpHandler().ThenJson(HttpStatusCode.Forbidden,
            $$"""{"message":"proxy refused X-Proxy-Auth=Basic {{proxyCredential}}","detail":"credential {{proxyCredential}} and team-key-0123456789 are not allowed"}""");
        var options = TestClients.Options(new CoderResilienceOptions { MaxRetryAttempts = 0 }) with
        {
            Headers = new Dictionary<string, string> { ["X-Proxy-Auth"] = $"Basic {proxyCredential}", ["X-Team-Key"] = "team-key-0123456789" },
        };
        using var client = CoderClient.Create(options, stub);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Templates.GetAsync(TemplateId));

        foreach (var text in new[] { error.Message, error.CoderMessage, error.Detail, error.ToString() })
        {
            Assert.DoesNotContain(proxyCredential, text);
            Assert.DoesNotContain("team-key-0123456789", text);
        }

        Assert.Contains("X-Proxy-Auth=[redacted]", error.Message);
    }

    [Fact]
    public async Task Plain_forbidden_has_no_license_feature()
    {
        var error = await FailingGetTemplate(HttpStatusCode.Forbidden,
            """{"message":"Forbidden.","detail":"You don't have permission to view this content."}""");

        Assert.Equal(CoderErrorKind.Forbidden, error.Kind);
        Assert.Null(error.MissingLicenseFeature);
        Assert.Contains("Detail: You don't have permission", error.Message);
    }

    [Theory]
    [InlineData("Template RBAC is a Premium feature. Contact sales!", "template_rbac")]
    [InlineData("Multiple Organizations is a Premium feature. Contact sales!", "multiple_organizations")]
    [InlineData("Custom Roles is a Premium feature. Contact sales!", "custom_roles")]
    [InlineData("External provisioner daemons is an Enterprise feature. Contact sales!", "external_provisioner_daemons")]
    [InlineData("Advanced template scheduling (and user quiet hours schedule) is an Enterprise feature. Contact sales!", "advanced_template_scheduling")]
    public async Task Forbidden_because_of_the_license_names_the_missing_feature(string coderMessage, string feature)
    {
        var error = await FailingGetTemplate(HttpStatusCode.Forbidden, $$"""{"message":"{{coderMessage}}"}""");

        Assert.Equal(CoderErrorKind.Forbidden, error.Kind);
        Assert.Equal(feature, error.MissingLicenseFeature);
        Assert.Contains($"license that includes the '{feature}' feature", error.Message);
    }

    [Fact]
    public async Task Not_found_resource_is_how_a_read_learns_it_is_gone()
    {
        var error = await FailingGetTemplate(HttpStatusCode.NotFound,
            """{"message":"Resource not found or you do not have access to this resource"}""");

        Assert.Equal(CoderErrorKind.NotFound, error.Kind);
        Assert.True(error.IsNotFound);
        Assert.True(CoderApiException.IsNotFoundError(error));
        Assert.True(CoderApiException.IsNotFoundError(new InvalidOperationException("wrapped", error)));
        Assert.Contains($"Templates.Get (GET /api/v2/templates/{TemplateId})", error.Message);
    }

    [Fact]
    public async Task Missing_route_is_not_a_missing_resource()
    {
        var error = await FailingGetTemplate(HttpStatusCode.NotFound, """{"message":"Route not found."}""");

        Assert.Equal(CoderErrorKind.RouteNotFound, error.Kind);
        Assert.False(error.IsNotFound);
    }

    [Fact]
    public async Task Conflict_is_recognisable()
    {
        var error = await FailingGetTemplate(HttpStatusCode.Conflict,
            """{"message":"Template with name \"docker\" already exists.","validations":[{"field":"name","detail":"This value is already in use and should be unique."}]}""");

        Assert.Equal(CoderErrorKind.Conflict, error.Kind);
        Assert.Single(error.Validations);
    }

    [Fact]
    public async Task Server_error_keeps_coders_message_and_detail()
    {
        var error = await FailingGetTemplate(HttpStatusCode.InternalServerError,
            """{"message":"An internal server error occurred.","detail":"pq: connection refused"}""");

        Assert.Equal(CoderErrorKind.ServerError, error.Kind);
        Assert.Equal("An internal server error occurred.", error.CoderMessage);
        Assert.Equal("pq: connection refused", error.Detail);
    }

    [Fact]
    public async Task A_body_that_is_not_coders_json_is_quoted_briefly()
    {
        var html = "<html><body>" + new string('x', 5000) + "</body></html>";
        var stub = new StubHttpHandler().Then(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent(html),
        });
        using var client = TestClients.Create(stub, new CoderResilienceOptions { MaxRetryAttempts = 0 });

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Deployment.GetBuildInfoAsync());

        Assert.Equal(CoderErrorKind.ServerError, error.Kind);
        Assert.StartsWith("<html><body>xxx", error.CoderMessage);
        Assert.True(error.Message.Length < 1000);
    }

    [Fact]
    public async Task Not_modified_counts_as_success_for_commands()
    {
        var stub = new StubHttpHandler().ThenStatus(HttpStatusCode.NotModified);
        using var client = TestClients.Create(stub);

        await client.Workspaces.UpdateDormancyAsync(Guid.NewGuid(), new() { Dormant = true });

        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task Unreadable_success_body_is_an_invalid_response()
    {
        var stub = new StubHttpHandler().ThenJson(HttpStatusCode.OK, """{"id": "not-a-uuid"}""");
        using var client = TestClients.Create(stub);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Templates.GetAsync(TemplateId));

        Assert.Equal(CoderErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("Templates.Get", error.Message);
    }

    [Fact]
    public async Task Connection_failure_is_a_transport_error()
    {
        var stub = new StubHttpHandler().ThenThrow(new HttpRequestException(HttpRequestError.NameResolutionError, "No such host is known (coder.invalid:443)"));
        using var client = TestClients.Create(stub, TestClients.FastResilience() with { MaxRetryAttempts = 1 });

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.Users.GetAsync("me"));

        Assert.Equal(CoderErrorKind.Transport, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.Contains("Users.Get (GET /api/v2/users/me) could not reach Coder", error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Theory]
    [InlineData("Template RBAC is a Premium feature. Contact sales!", "template_rbac")]
    [InlineData("Workspace Prebuilds is a Premium feature. Contact sales!", "workspace_prebuilds")]
    [InlineData("AI Gateway is a Premium feature. Contact sales!", "aibridge")]
    [InlineData("Forbidden.", null)]
    [InlineData(null, null)]
    public void Feature_names_are_recovered_from_coderds_wording(string? message, string? feature) =>
        Assert.Equal(feature, CoderErrorMapper.MissingFeatureFrom(message));
}

public sealed class CoderApiExceptionForDoublesTests
{
    [Fact]
    public void Doubles_can_fail_like_the_client()
    {
        var notFound = new CoderApiException(CoderErrorKind.NotFound, HttpStatusCode.NotFound, "Resource not found");
        var unlicensed = new CoderApiException(CoderErrorKind.Forbidden, HttpStatusCode.Forbidden, "Template RBAC is a Premium feature. Contact sales!");

        Assert.True(CoderApiException.IsNotFoundError(notFound));
        Assert.Equal("template_rbac", unlicensed.MissingLicenseFeature);
        Assert.Contains("403", unlicensed.Message);
    }
}
