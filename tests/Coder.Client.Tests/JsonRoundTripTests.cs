using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Coder.Client.Models;
using Coder.Client.Serialization;

namespace Coder.Client.Tests;

/// <summary>Bodies shaped like coderd's, read and written again through the source-generated context.</summary>
public sealed class JsonRoundTripTests
{
    private const string UserJson = """
        {
          "id": "3a4ff5c6-52f0-4bd0-8d1c-6b1f4d1a9c10",
          "username": "alice",
          "avatar_url": "https://example.com/a.png",
          "name": "Alice Liddell",
          "email": "alice@example.com",
          "created_at": "2025-03-01T10:00:00.123456Z",
          "updated_at": "2025-03-02T11:30:00Z",
          "last_seen_at": "2025-03-03T08:15:00+02:00",
          "status": "active",
          "login_type": "password",
          "theme_preference": "dark",
          "organization_ids": ["7c9e6679-7425-40de-944b-e07fc1f90ae7"],
          "roles": [{"name": "owner", "display_name": "Owner", "organization_id": ""}],
          "has_ai_seat": false,
          "some_future_field": {"nested": [1, 2, 3]}
        }
        """;

    private const string OrganizationJson = """
        {
          "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
          "name": "platform",
          "display_name": "Platform Team",
          "description": "Runs the platform",
          "icon": "/emojis/1f680.png",
          "created_at": "2025-01-01T00:00:00Z",
          "updated_at": "2025-01-02T00:00:00Z",
          "is_default": false,
          "default_org_member_roles": ["organization-member"]
        }
        """;

    private const string GroupJson = """
        {
          "id": "c8d2b7e4-9a61-4f0e-b3a5-6e1f2d3c4b5a",
          "name": "developers",
          "display_name": "Developers",
          "organization_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
          "organization_name": "platform",
          "organization_display_name": "Platform Team",
          "avatar_url": "",
          "quota_allowance": 10,
          "source": "user",
          "total_member_count": 2,
          "members": [
            {"id": "3a4ff5c6-52f0-4bd0-8d1c-6b1f4d1a9c10", "username": "alice", "email": "alice@example.com",
             "created_at": "2025-03-01T10:00:00Z", "updated_at": "2025-03-01T10:00:00Z", "status": "active", "login_type": "password"},
            {"id": "0e8f7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "username": "bob", "email": "bob@example.com",
             "created_at": "2025-03-01T10:00:00Z", "updated_at": "2025-03-01T10:00:00Z", "status": "suspended", "login_type": "oidc",
             "is_service_account": true}
          ]
        }
        """;

    private const string TemplateVersionJson = """
        {
          "id": "1f0e2d3c-4b5a-4697-8877-665544332211",
          "template_id": "5a0e6b3b-2a3c-4d5e-8f90-a1b2c3d4e5f6",
          "organization_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
          "created_at": "2025-04-01T09:00:00Z",
          "updated_at": "2025-04-01T09:05:00Z",
          "name": "brave_turing3",
          "message": "Initial import",
          "readme": "# Docker",
          "archived": false,
          "has_external_agent": false,
          "created_by": {"id": "3a4ff5c6-52f0-4bd0-8d1c-6b1f4d1a9c10", "username": "alice", "name": "", "avatar_url": ""},
          "warnings": ["UNSUPPORTED_WORKSPACES"],
          "matched_provisioners": {"count": 1, "available": 1, "most_recently_seen": "2025-04-01T08:59:59Z"},
          "job": {
            "id": "aa11bb22-cc33-4d44-8e55-ff6677889900",
            "created_at": "2025-04-01T09:00:00Z",
            "started_at": "2025-04-01T09:00:01Z",
            "completed_at": "2025-04-01T09:04:59Z",
            "status": "failed",
            "error": "terraform plan: exit status 1",
            "error_code": "REQUIRED_TEMPLATE_VARIABLES",
            "file_id": "b3c4d5e6-0000-4000-8000-000000000001",
            "worker_id": "dd44ee55-ff66-4a77-8b88-99aabbccddee",
            "tags": {"scope": "organization", "owner": ""},
            "queue_position": 0,
            "queue_size": 0,
            "organization_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "initiator_id": "3a4ff5c6-52f0-4bd0-8d1c-6b1f4d1a9c10",
            "input": {"template_version_id": "1f0e2d3c-4b5a-4697-8877-665544332211", "error": ""},
            "type": "template_version_import",
            "available_workers": [],
            "metadata": {"template_version_name": "brave_turing3", "template_id": "5a0e6b3b-2a3c-4d5e-8f90-a1b2c3d4e5f6",
                         "template_name": "docker", "template_display_name": "", "template_icon": ""},
            "logs_overflowed": false,
            "some_future_field": true
          }
        }
        """;

    [Fact]
    public void User_round_trips()
    {
        var user = RoundTrip(UserJson, CoderJsonContext.Default.User);

        Assert.Equal(Guid.Parse("3a4ff5c6-52f0-4bd0-8d1c-6b1f4d1a9c10"), user.Id);
        Assert.Equal(UserStatus.Active, user.Status);
        Assert.Equal(LoginType.Password, user.LoginType);
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 6, 15, 0, TimeSpan.Zero), user.LastSeenAt);
        Assert.Equal("owner", Assert.Single(user.Roles!).Name);
    }

    [Fact]
    public void Organization_round_trips()
    {
        var organization = RoundTrip(OrganizationJson, CoderJsonContext.Default.Organization);

        Assert.Equal("platform", organization.Name);
        Assert.Equal("Platform Team", organization.DisplayName);
        Assert.Equal(["organization-member"], organization.DefaultOrgMemberRoles!);
    }

    [Fact]
    public void Group_with_members_round_trips()
    {
        var group = RoundTrip(GroupJson, CoderJsonContext.Default.Group);

        Assert.Equal(10, group.QuotaAllowance);
        Assert.Equal(["alice", "bob"], group.Members!.Select(m => m.Username));
        Assert.True(group.Members![1].IsServiceAccount);
        Assert.Equal(UserStatus.Suspended, group.Members[1].Status);
    }

    [Fact]
    public void Template_version_with_its_job_round_trips()
    {
        var version = RoundTrip(TemplateVersionJson, CoderJsonContext.Default.TemplateVersion);

        Assert.Equal(ProvisionerJobStatus.Failed, version.Job.Status);
        Assert.Equal(JobErrorCode.RequiredTemplateVariables, version.Job.ErrorCode);
        Assert.Equal("template_version_import", version.Job.Type);
        Assert.Equal("organization", version.Job.Tags!["scope"]);
        Assert.Equal(version.Id, version.Job.Input.TemplateVersionId);
        Assert.Null(version.Job.CanceledAt);
        Assert.Equal(1, version.MatchedProvisioners!.Count);
    }

    [Fact]
    public void Unknown_string_values_are_kept_rather_than_rejected()
    {
        var job = JsonSerializer.Deserialize("""{"status":"paused_by_the_future","type":"something_new"}""",
            CoderJsonContext.Default.ProvisionerJob)!;

        Assert.Equal("paused_by_the_future", job.Status);
    }

    [Fact]
    public void Requests_leave_out_what_is_not_set()
    {
        var request = new CreateTemplateVersionRequest
        {
            Provisioner = ProvisionerType.Terraform,
            StorageMethod = ProvisionerStorageMethod.File,
            FileId = Guid.Parse("b3c4d5e6-0000-4000-8000-000000000001"),
            UserVariableValues = [new VariableValue { Name = "region", Value = "eu" }],
        };

        var json = JsonSerializer.Serialize(request, CoderJsonContext.Default.CreateTemplateVersionRequest);

        Assert.Equal(
            """{"file_id":"b3c4d5e6-0000-4000-8000-000000000001","provisioner":"terraform","storage_method":"file","user_variable_values":[{"name":"region","value":"eu"}]}""",
            json);
    }

    [Fact]
    public void A_null_schedule_is_sent_as_no_schedule()
    {
        var json = JsonSerializer.Serialize(new UpdateWorkspaceAutostartRequest { Schedule = null },
            CoderJsonContext.Default.UpdateWorkspaceAutostartRequest);

        Assert.Equal("{}", json);
    }

    [Theory]
    [InlineData("""{"task_id":null}""", null)]
    [InlineData("""{"task_id":"6f1e2d3c-4b5a-4697-8877-665544332211"}""", "6f1e2d3c-4b5a-4697-8877-665544332211")]
    [InlineData("""{"task_id":{"uuid":"6f1e2d3c-4b5a-4697-8877-665544332211","valid":true}}""", "6f1e2d3c-4b5a-4697-8877-665544332211")]
    [InlineData("""{"task_id":{"uuid":"00000000-0000-0000-0000-000000000000","valid":false}}""", null)]
    public void Nullable_uuids_are_read_in_either_spelling(string json, string? expected)
    {
        var workspace = JsonSerializer.Deserialize(json, CoderJsonContext.Default.Workspace)!;

        Assert.Equal(expected is null ? null : Guid.Parse(expected), workspace.TaskId);
    }

    [Fact]
    public void Every_model_has_generated_metadata()
    {
        var modelTypes = typeof(User).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(User).Namespace && t.IsClass && !t.IsAbstract && t.GetMethod("<Clone>$") is not null);

        Assert.All(modelTypes, t => Assert.NotNull(CoderJsonContext.Default.GetTypeInfo(t)));
    }

    /// <summary>Reads <paramref name="json"/>, writes it back, and checks that every field coderd sent (apart from
    /// ones the client does not model) survives with the same value.</summary>
    private static T RoundTrip<T>(string json, JsonTypeInfo<T> typeInfo)
    {
        var model = JsonSerializer.Deserialize(json, typeInfo)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(model, typeInfo))!.AsObject();
        var original = JsonNode.Parse(json)!.AsObject();

        AssertSubset(original, written, "$");
        return model;
    }

    private static void AssertSubset(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject expectedObject:
                var actualObject = Assert.IsType<JsonObject>(actual);
                foreach (var (name, value) in expectedObject)
                {
                    if (name == "some_future_field")
                    {
                        continue;
                    }

                    Assert.True(actualObject.ContainsKey(name) || value is null, $"{path}.{name} was lost");
                    AssertSubset(value, actualObject[name], $"{path}.{name}");
                }

                break;
            case JsonArray expectedArray:
                var actualArray = Assert.IsType<JsonArray>(actual);
                Assert.Equal(expectedArray.Count, actualArray.Count);
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    AssertSubset(expectedArray[i], actualArray[i], $"{path}[{i}]");
                }

                break;
            case null:
                Assert.Null(actual);
                break;
            default:
                var expectedValue = expected.AsValue();
                if (expectedValue.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, out var time) && text.Contains('T'))
                {
                    Assert.Equal(time, DateTimeOffset.Parse(actual!.GetValue<string>()));
                }
                else
                {
                    Assert.Equal(expected.ToJsonString(), actual?.ToJsonString());
                }

                break;
        }
    }
}
