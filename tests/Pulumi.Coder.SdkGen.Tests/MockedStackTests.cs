using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace Pulumi.Coder.SdkGen.Tests;

/// <summary>
/// The committed SDK under Pulumi's mocks: what a program sets reaches the engine under the schema's names, and
/// what the engine returns comes back typed. (Compiling this project is the check that the committed SDK builds.)
/// </summary>
public class MockedStackTests
{
    private const string Password = "not-a-real-password";

    /// <summary>Stands in for the engine and the provider: records what it is given, echoes inputs as outputs.</summary>
    private sealed class RecordingMocks : IMocks
    {
        public ConcurrentDictionary<string, MockResourceArgs> Resources { get; } = new();
        public ConcurrentBag<MockCallArgs> Calls { get; } = [];

        public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
        {
            Resources[args.Name!] = args;
            var outputs = args.Inputs.ToBuilder();
            // The provider never returns a password, and fills in what Coder decides.
            outputs.Remove("password");
            if (args.Type == "coder:index:User") outputs["status"] = "active";
            if (args.Type == "coder:index:Group") outputs["source"] = "user";
            // A new resource comes with an empty id; the engine would give it the provider's.
            var id = string.IsNullOrEmpty(args.Id) ? $"{args.Name}-id" : args.Id;
            return Task.FromResult<(string?, object)>((id, outputs.ToImmutable()));
        }

        public Task<object> CallAsync(MockCallArgs args)
        {
            Calls.Add(args);
            object result = args.Token switch
            {
                "coder:index:getUser" => new Dictionary<string, object>
                {
                    ["avatarUrl"] = "",
                    ["email"] = "admin@example.com",
                    ["id"] = "admin-id",
                    ["loginType"] = "password",
                    ["name"] = "Admin",
                    ["organizationIds"] = new[] { "org-1", "org-2" },
                    ["roles"] = new[] { "owner" },
                    ["status"] = "active",
                    ["suspended"] = false,
                    ["username"] = (string)args.Args["username"],
                },
                "coder:index:getGroup" => new Dictionary<string, object>
                {
                    ["avatarUrl"] = "",
                    ["displayName"] = "Developers",
                    ["id"] = "group-id",
                    ["members"] = new[] { new Dictionary<string, object> { ["email"] = "ada@example.com", ["id"] = "ada-id", ["username"] = "ada" } },
                    ["name"] = "developers",
                    ["organizationId"] = "org-1",
                    ["quotaAllowance"] = 10.0,
                    ["source"] = "user",
                },
                "coder:index:getTemplate" => TemplateAnswer((string)args.Args["name"]),
                "coder:index:getTemplateVersion" => new Dictionary<string, object>
                {
                    ["active"] = false,
                    ["createdAt"] = "2026-05-01T10:00:00.0000000+00:00",
                    ["id"] = "canary-id",
                    ["jobStatus"] = "succeeded",
                    ["message"] = "",
                    ["name"] = (string)args.Args["name"],
                    ["parameters"] = new[]
                    {
                        new Dictionary<string, object>
                        {
                            ["defaultValue"] = "2", ["ephemeral"] = false, ["mutable"] = true, ["name"] = "cpus", ["required"] = false,
                            ["type"] = "number", ["validationError"] = "", ["validationMax"] = 8.0, ["validationMonotonic"] = "", ["validationRegex"] = "",
                            ["options"] = new[] { new Dictionary<string, object> { ["description"] = "", ["name"] = "Two", ["value"] = "2" } },
                        },
                    },
                    ["templateId"] = (string)args.Args["templateId"],
                    ["variables"] = new[]
                    {
                        new Dictionary<string, object> { ["defaultValue"] = "", ["name"] = "api_key", ["required"] = false, ["sensitive"] = true, ["type"] = "string" },
                    },
                },
                _ => throw new InvalidOperationException($"unexpected invoke {args.Token}"),
            };
            return Task.FromResult(result);
        }
    }

    /// <summary>getTemplate's answer; the ACL and the Everyone group's role only for the "licensed" template, as the
    /// provider leaves them out when the deployment's license lacks template_rbac.</summary>
    private static Dictionary<string, object> TemplateAnswer(string name)
    {
        var result = new Dictionary<string, object>
        {
            ["activeUserCount"] = 0.0, ["activeVersionId"] = "stable-id", ["activityBumpMs"] = 3_600_000.0,
            ["allowUserAutostart"] = true, ["allowUserAutostop"] = true, ["allowUserCancelWorkspaceJobs"] = true,
            ["autostartRequirement"] = new Dictionary<string, object> { ["daysOfWeek"] = new[] { "monday", "tuesday" } },
            ["autostopRequirement"] = new Dictionary<string, object> { ["daysOfWeek"] = new[] { "sunday" }, ["weeks"] = 2.0 },
            ["corsBehavior"] = "simple", ["createdAt"] = "2026-05-01T10:00:00.0000000+00:00", ["defaultTtlMs"] = 28_800_000.0,
            ["deprecated"] = false, ["deprecationMessage"] = "", ["description"] = "", ["displayName"] = "Docker",
            ["failureTtlMs"] = 0.0, ["icon"] = "", ["id"] = $"{name}-id", ["maxPortShareLevel"] = "owner", ["name"] = name,
            ["organizationId"] = "org-1", ["requireActiveVersion"] = false, ["timeTilDormantAutodeleteMs"] = 0.0,
            ["timeTilDormantMs"] = 0.0, ["updatedAt"] = "2026-05-02T10:00:00.0000000+00:00", ["useClassicParameterFlow"] = false,
        };
        if (name == "licensed")
        {
            result["acl"] = new Dictionary<string, object>
            {
                ["groups"] = new[] { new Dictionary<string, object> { ["id"] = "group-id", ["role"] = "use" } },
                ["users"] = Array.Empty<object>(),
            };
            result["everyoneAccess"] = "none";
        }
        return result;
    }


    private sealed record Program(User User, Group Group, UserArgs UserArgs, Output<GetUserResult> Me, Provider Provider, ProviderArgs ProviderArgs);

    private static async Task<(RecordingMocks Mocks, Program Program)> RunAsync()
    {
        var mocks = new RecordingMocks();
        Program? program = null;
        await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, () =>
        {
            var providerArgs = new ProviderArgs
            {
                Url = "https://coder.example.com",
                Token = "not-a-real-token",
                Headers = { ["X-Proxy"] = "on" },
            };
            var provider = new Provider("coder", providerArgs);
            var userArgs = new UserArgs
            {
                Username = "ada",
                Email = "ada@example.com",
                Password = Password,
                Roles = { "template-admin", "auditor" },
            };
            var user = new User("ada", userArgs, new CustomResourceOptions { Provider = provider });
            var group = new Group("developers", new GroupArgs
            {
                Name = "developers",
                Members = { user.Id },
            }, new CustomResourceOptions { Provider = provider });
            var me = GetUser.Invoke(new GetUserInvokeArgs { Username = "me" }, new InvokeOptions { Provider = provider });
            program = new Program(user, group, userArgs, me, provider, providerArgs);
            return new Dictionary<string, object?>();
        });
        return (mocks, program!);
    }

    [Fact]
    public async Task Resource_inputs_reach_the_engine_under_their_schema_names()
    {
        var (mocks, _) = await RunAsync();

        var user = mocks.Resources["ada"];
        Assert.Equal("coder:index:User", user.Type);
        Assert.Equal("ada", user.Inputs["username"]);
        Assert.Equal("ada@example.com", user.Inputs["email"]);
        Assert.Equal(new object[] { "template-admin", "auditor" }, (ImmutableArray<object>)user.Inputs["roles"]);
        Assert.True(Password.Equals(user.Inputs["password"]), "the password reaches the provider as set");
        // Schema defaults are sent even when the program leaves them out.
        Assert.Equal(false, user.Inputs["serviceAccount"]);
        Assert.Equal(false, user.Inputs["suspended"]);

        var group = mocks.Resources["developers"];
        Assert.Equal("coder:index:Group", group.Type);
        Assert.Equal("developers", group.Inputs["name"]);
        Assert.Equal(new object[] { "ada-id" }, (ImmutableArray<object>)group.Inputs["members"]);
        Assert.Equal(0.0, group.Inputs["quotaAllowance"]);
    }

    [Fact]
    public async Task A_list_or_map_only_read_is_sent_as_unset_not_as_empty()
    {
        // For these properties unset means unmanaged and empty means "remove every member / every role /
        // every membership": looking at a property (here in a log line) must not ask for that.
        var mocks = new RecordingMocks();
        await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, () =>
        {
            var providerArgs = new ProviderArgs { Url = "https://coder.example.com", Token = "not-a-real-token" };
            var groupArgs = new GroupArgs { Name = "synced" };
            var userArgs = new UserArgs { Username = "ada", Email = "ada@example.com" };
            Log.Debug($"headers {providerArgs.Headers}, members {groupArgs.Members}, roles {userArgs.Roles}, organizations {userArgs.OrganizationIds}");
            var provider = new Provider("coder", providerArgs);
            _ = new Group("synced", groupArgs, new CustomResourceOptions { Provider = provider });
            _ = new User("ada", userArgs, new CustomResourceOptions { Provider = provider });
            return new Dictionary<string, object?>();
        });

        Assert.False(mocks.Resources["synced"].Inputs.ContainsKey("members"), "members was sent though only read");
        Assert.False(mocks.Resources["ada"].Inputs.ContainsKey("roles"), "roles was sent though only read");
        Assert.False(mocks.Resources["ada"].Inputs.ContainsKey("organizationIds"), "organizationIds was sent though only read");
        Assert.False(mocks.Resources["coder"].Inputs.ContainsKey("headers"), "headers was sent though only read");
    }

    [Fact]
    public async Task A_list_added_to_or_assigned_is_sent_as_it_is_empty_included()
    {
        var mocks = new RecordingMocks();
        await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, () =>
        {
            var providerArgs = new ProviderArgs { Url = "https://coder.example.com", Token = "not-a-real-token", Headers = new InputMap<string>() };
            var provider = new Provider("coder", providerArgs);
            var options = new CustomResourceOptions { Provider = provider };
            var ada = new User("ada", new UserArgs
            {
                Username = "ada",
                Email = "ada@example.com",
                Roles = { "auditor" },
                OrganizationIds = { "org-1" },
            }, options);
            // Read first, then filled: still the program's list.
            var filledArgs = new GroupArgs { Name = "filled" };
            _ = filledArgs.Members.ToOutput();
            filledArgs.Members.Add(ada.Id);
            _ = new Group("filled", filledArgs, options);
            _ = new Group("emptied", new GroupArgs { Name = "emptied", Members = new InputList<string>() }, options);
            _ = new User("bob", new UserArgs
            {
                Username = "bob",
                Email = "bob@example.com",
                Roles = Array.Empty<string>(),
                OrganizationIds = new List<string>(),
            }, options);
            return new Dictionary<string, object?>();
        });

        Assert.Equal(new object[] { "auditor" }, (ImmutableArray<object>)mocks.Resources["ada"].Inputs["roles"]);
        Assert.Equal(new object[] { "org-1" }, (ImmutableArray<object>)mocks.Resources["ada"].Inputs["organizationIds"]);
        Assert.Equal(new object[] { "ada-id" }, (ImmutableArray<object>)mocks.Resources["filled"].Inputs["members"]);
        Assert.Empty((ImmutableArray<object>)mocks.Resources["emptied"].Inputs["members"]);
        Assert.Empty((ImmutableArray<object>)mocks.Resources["bob"].Inputs["roles"]);
        Assert.Empty((ImmutableArray<object>)mocks.Resources["bob"].Inputs["organizationIds"]);
        Assert.Empty(JsonSerializer.Deserialize<Dictionary<string, string>>((string)mocks.Resources["coder"].Inputs["headers"])!);
    }

    [Fact]
    public async Task Secret_inputs_are_secret_outputs()
    {
        var (_, program) = await RunAsync();

        Assert.True(await Output.IsSecretAsync(program.UserArgs.Password.ToOutput()));
        Assert.True(await Output.IsSecretAsync(program.ProviderArgs.Token.ToOutput()));
        Assert.False(await Output.IsSecretAsync(program.User.Username));
    }

    [Fact]
    public async Task Resource_outputs_come_back_typed()
    {
        var (_, program) = await RunAsync();

        Assert.Equal("ada-id", await OutputUtilities.GetValueAsync(program.User.Id));
        Assert.Equal("ada", await OutputUtilities.GetValueAsync(program.User.Username));
        Assert.Equal("active", await OutputUtilities.GetValueAsync(program.User.Status));
        Assert.Equal(["template-admin", "auditor"], (await OutputUtilities.GetValueAsync(program.User.Roles)).ToArray());
        Assert.False(await OutputUtilities.GetValueAsync(program.User.Suspended));
        Assert.Equal(["ada-id"], (await OutputUtilities.GetValueAsync(program.Group.Members)).ToArray());
        Assert.Equal(0, await OutputUtilities.GetValueAsync(program.Group.QuotaAllowance));
        Assert.Equal("user", await OutputUtilities.GetValueAsync(program.Group.Source));
    }

    [Fact]
    public async Task The_provider_sends_its_settings_and_serves_the_resources_given_it()
    {
        var (mocks, program) = await RunAsync();

        var provider = mocks.Resources["coder"];
        Assert.Equal("pulumi:providers:coder", provider.Type);
        Assert.Equal("https://coder.example.com", provider.Inputs["url"]);
        // Provider settings are strings on the wire: the header map travels as JSON.
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>((string)provider.Inputs["headers"]);
        Assert.Equal(new Dictionary<string, string> { ["X-Proxy"] = "on" }, headers);
        Assert.StartsWith(await OutputUtilities.GetValueAsync(program.Provider.Urn), mocks.Resources["ada"].Provider);
        Assert.Equal("https://coder.example.com", await OutputUtilities.GetValueAsync(program.Provider.Url));
    }

    [Fact]
    public async Task Invokes_send_their_arguments_and_return_typed_results()
    {
        var (mocks, program) = await RunAsync();

        var me = await OutputUtilities.GetValueAsync(program.Me);
        var call = Assert.Single(mocks.Calls, c => c.Token == "coder:index:getUser");
        Assert.Equal("me", call.Args["username"]);
        Assert.Equal("me", me.Username);
        Assert.Equal("admin-id", me.Id);
        Assert.Equal(["org-1", "org-2"], me.OrganizationIds.ToArray());
        Assert.False(me.Suspended);
    }

    [Fact]
    public async Task InvokeAsync_takes_plain_arguments_and_nested_object_results()
    {
        var mocks = new RecordingMocks();
        GetGroupResult? group = null;
        await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, async () =>
        {
            group = await GetGroup.InvokeAsync(new GetGroupArgs { Name = "developers" });
            return new Dictionary<string, object?>();
        });

        Assert.Equal("developers", Assert.Single(mocks.Calls).Args["name"]);
        Assert.NotNull(group);
        Assert.Equal(10, group.QuotaAllowance);
        var member = Assert.Single(group.Members);
        Assert.Equal(("ada-id", "ada", "ada@example.com"), (member.Id, member.Username, member.Email));
    }

    [Fact]
    public async Task Template_lookups_chain_as_outputs_and_return_nested_settings_parameters_and_an_optional_acl()
    {
        var mocks = new RecordingMocks();
        Output<GetTemplateResult>? docker = null;
        Output<GetTemplateResult>? licensed = null;
        Output<GetTemplateVersionResult>? canary = null;
        await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, () =>
        {
            docker = GetTemplate.Invoke(new GetTemplateInvokeArgs { Name = "docker" });
            licensed = GetTemplate.Invoke(new GetTemplateInvokeArgs { Name = "licensed" });
            // The Invoke form takes another lookup's output as an argument.
            canary = GetTemplateVersion.Invoke(new GetTemplateVersionInvokeArgs { TemplateId = docker.Apply(t => t.Id), Name = "canary-1" });
            return new Dictionary<string, object?>();
        });

        var template = await OutputUtilities.GetValueAsync(docker!);
        Assert.Equal("docker-id", template.Id);
        Assert.Equal(28_800_000, template.DefaultTtlMs);
        Assert.Equal(["sunday"], template.AutostopRequirement.DaysOfWeek.ToArray());
        Assert.Equal(2, template.AutostopRequirement.Weeks);
        Assert.Equal(["monday", "tuesday"], template.AutostartRequirement.DaysOfWeek.ToArray());
        Assert.Null(template.Acl);
        Assert.Null(template.EveryoneAccess);

        var withAcl = await OutputUtilities.GetValueAsync(licensed!);
        Assert.Equal("none", withAcl.EveryoneAccess);
        var group = Assert.Single(withAcl.Acl!.Groups);
        Assert.Equal(("group-id", "use"), (group.Id, group.Role));
        Assert.Empty(withAcl.Acl.Users);

        var version = await OutputUtilities.GetValueAsync(canary!);
        var call = Assert.Single(mocks.Calls, c => c.Token == "coder:index:getTemplateVersion");
        Assert.Equal("docker-id", call.Args["templateId"]);
        Assert.Equal("canary-1", call.Args["name"]);
        Assert.Equal(("canary-id", "succeeded", false), (version.Id, version.JobStatus, version.Active));
        var cpus = Assert.Single(version.Parameters);
        Assert.Equal(8, cpus.ValidationMax);
        Assert.Null(cpus.ValidationMin);
        Assert.Equal("2", Assert.Single(cpus.Options).Value);
        var apiKey = Assert.Single(version.Variables);
        Assert.True(apiKey.Sensitive);
        Assert.Equal("", apiKey.DefaultValue);
    }
}
