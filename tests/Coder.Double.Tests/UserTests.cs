using System.Net;

namespace Coder.Double.Tests;

public sealed class UserTests
{
    private static object NewUser(Guid org, string username = "bob", string? email = "bob@example.com", string? password = DoubleScope.GoodPassword,
        string? loginType = null, string? status = null) =>
        new Dictionary<string, object?>
        {
            ["username"] = username,
            ["email"] = email,
            ["password"] = password,
            ["login_type"] = loginType,
            ["user_status"] = status,
            ["organization_ids"] = new[] { org },
        };

    [Fact]
    public async Task Create_ReturnsTheUser_Dormant_WithItsOrganizations()
    {
        await using var scope = await DoubleScope.StartAsync();
        var reply = await scope.Api.PostAsync("/api/v2/users", NewUser(scope.DefaultOrgId));

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("bob", reply.Str("username"));
        Assert.Equal("dormant", reply.Str("status"));
        Assert.Equal("password", reply.Str("login_type"));
        Assert.Equal("0001-01-01T00:00:00Z", reply.Str("last_seen_at"));
        Assert.Empty(reply.Body!["roles"]!.AsArray());
        Assert.Equal(scope.DefaultOrgId.ToString(), reply.Body["organization_ids"]![0]!.GetValue<string>());
        Assert.Null(reply.Body["name"]); // omitempty
        Assert.False(reply.Body["has_ai_seat"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_ValidatesLikeCoderd()
    {
        await using var scope = await DoubleScope.StartAsync();
        var org = scope.DefaultOrgId;

        var missing = await scope.Api.PostAsync("/api/v2/users", new { organization_ids = new[] { org } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("Validation failed.", missing.Message);
        Assert.Equal(
            [("email", "Validation failed for tag \"required_unless\" with value: \"\""), ("username", "Validation failed for tag \"required\" with value: \"\"")],
            missing.Validations);

        var bad = await scope.Api.PostAsync("/api/v2/users", NewUser(org, username: "Bad_Name", email: "not-an-email"));
        Assert.Equal(
            [("email", "Validation failed for tag \"email\" with value: \"not-an-email\""), ("username", "Validation failed for tag \"username\" with value: \"Bad_Name\"")],
            bad.Validations);

        var reserved = await scope.Api.PostAsync("/api/v2/users", NewUser(org, username: "new"));
        Assert.Equal("username", Assert.Single(reserved.Validations).Field);

        var tooLong = await scope.Api.PostAsync("/api/v2/users", NewUser(org, username: new string('a', 33)));
        Assert.Equal("username", Assert.Single(tooLong.Validations).Field);

        var notJson = await scope.Api.PostAsync("/api/v2/users", "{nope");
        Assert.Equal("Request body must be valid JSON.", notJson.Message);

        var wrongType = await scope.Api.PostAsync("/api/v2/users", """{"username": 5}""");
        Assert.Equal("Request body must be valid JSON.", wrongType.Message);
        Assert.Contains("cannot unmarshal number into Go struct field CreateUserRequestWithOrgs.username of type string", wrongType.Detail);

        var badUuid = await scope.Api.PostAsync("/api/v2/users", """{"username":"x","email":"x@example.com","organization_ids":["nope"]}""");
        Assert.Equal("invalid UUID length: 4", badUuid.Detail);
    }

    [Fact]
    public async Task Create_RejectsWeakPasswords_WithTheStrengthAdvice()
    {
        await using var scope = await DoubleScope.StartAsync();
        var reply = await scope.Api.PostAsync("/api/v2/users", NewUser(scope.DefaultOrgId, password: "password"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("Password is invalid", reply.Message);
        Assert.Equal(
            [("password", "insecure password, try including more special characters, using uppercase letters, using numbers or using a longer password")],
            reply.Validations);
    }

    [Fact]
    public async Task Create_RequiresAnOrganization_AndAnExistingOne()
    {
        await using var scope = await DoubleScope.StartAsync();
        var none = await scope.Api.PostAsync("/api/v2/users", new { username = "bob", email = "bob@example.com", password = DoubleScope.GoodPassword });
        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.Equal(("organization_ids", "Missing values, this cannot be empty"), Assert.Single(none.Validations));

        var unknownOrg = Guid.NewGuid();
        var unknown = await scope.Api.PostAsync("/api/v2/users", NewUser(unknownOrg));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal($"Organization does not exist with the provided id \"{unknownOrg}\".", unknown.Message);

        // The nil uuid means the default organization, and the legacy organization_id field still works.
        var nilOrg = await scope.Api.PostAsync("/api/v2/users", NewUser(Guid.Empty));
        Assert.Equal(scope.DefaultOrgId.ToString(), nilOrg.Body!["organization_ids"]![0]!.GetValue<string>());
        var legacy = await scope.Api.PostAsync("/api/v2/users", new
        {
            username = "legacy", email = "legacy@example.com", password = DoubleScope.GoodPassword, organization_id = scope.DefaultOrgId,
        });
        Assert.Equal(HttpStatusCode.Created, legacy.Status);
    }

    [Fact]
    public async Task Create_ConflictsOnUsernameOrEmail_CaseInsensitively()
    {
        await using var scope = await DoubleScope.StartAsync();
        await scope.CreateUserAsync("bob");

        var sameName = await scope.Api.PostAsync("/api/v2/users", NewUser(scope.DefaultOrgId, username: "BOB", email: "other@example.com"));
        Assert.Equal(HttpStatusCode.Conflict, sameName.Status);
        Assert.Equal("User already exists.", sameName.Message);
        var sameEmail = await scope.Api.PostAsync("/api/v2/users", NewUser(scope.DefaultOrgId, username: "bobby", email: "BOB@example.com"));
        Assert.Equal(HttpStatusCode.Conflict, sameEmail.Status);
    }

    [Theory]
    [InlineData("github", null, HttpStatusCode.Created, "")]
    [InlineData("oidc", null, HttpStatusCode.Created, "")]
    [InlineData("github", DoubleScope.GoodPassword, HttpStatusCode.BadRequest, "Password cannot be set for non-password (\"github\") authentication.")]
    [InlineData("none", null, HttpStatusCode.BadRequest, "Login type 'none' requires a service account.")]
    [InlineData("token", null, HttpStatusCode.BadRequest, "Unsupported login type \"token\" for manually creating new users.")]
    public async Task Create_LoginTypes(string loginType, string? password, HttpStatusCode status, string message)
    {
        await using var scope = await DoubleScope.StartAsync();
        var reply = await scope.Api.PostAsync("/api/v2/users", NewUser(scope.DefaultOrgId, password: password, loginType: loginType));

        Assert.Equal(status, reply.Status);
        if (status == HttpStatusCode.Created) Assert.Equal(loginType, reply.Str("login_type"));
        else Assert.Equal(message, reply.Message);
    }

    [Fact]
    public async Task Create_ServiceAccounts_HaveNoEmailOrPassword_AndLoginTypeNone()
    {
        await using var scope = await DoubleScope.StartAsync();
        var org = scope.DefaultOrgId;

        var ok = await scope.Api.PostAsync("/api/v2/users", new { username = "robot", service_account = true, organization_ids = new[] { org } });
        Assert.Equal(HttpStatusCode.Created, ok.Status);
        Assert.Equal("none", ok.Str("login_type"));
        Assert.True(ok.Body!["is_service_account"]!.GetValue<bool>());
        Assert.Equal("", ok.Str("email"));

        var withEmail = await scope.Api.PostAsync("/api/v2/users", new { username = "robot2", email = "r@example.com", service_account = true, organization_ids = new[] { org } });
        Assert.Equal("Email cannot be set for service accounts.", withEmail.Message);
        var withLogin = await scope.Api.PostAsync("/api/v2/users", new { username = "robot3", login_type = "github", service_account = true, organization_ids = new[] { org } });
        Assert.Equal("Service accounts must use login type 'none'.", withLogin.Message);

        // Two service accounts can share the empty e-mail.
        Assert.Equal(HttpStatusCode.Created, (await scope.Api.PostAsync("/api/v2/users", new { username = "robot4", service_account = true, organization_ids = new[] { org } })).Status);
    }

    [Fact]
    public async Task Create_WithRolesAndStatus()
    {
        await using var scope = await DoubleScope.StartAsync();
        var reply = await scope.Api.PostAsync("/api/v2/users", new
        {
            username = "auditor1", email = "a@example.com", password = DoubleScope.GoodPassword, user_status = "active",
            roles = new[] { "auditor" }, organization_ids = new[] { scope.DefaultOrgId },
        });
        Assert.Equal("active", reply.Str("status"));
        Assert.Equal("Auditor", reply.Body!["roles"]![0]!.S("display_name"));

        var badRole = await scope.Api.PostAsync("/api/v2/users", new
        {
            username = "x", email = "x@example.com", password = DoubleScope.GoodPassword, roles = new[] { "emperor" }, organization_ids = new[] { scope.DefaultOrgId },
        });
        Assert.Equal(HttpStatusCode.InternalServerError, badRole.Status);
        Assert.Equal("Internal error creating user.", badRole.Message);
    }

    [Fact]
    public async Task Get_ByIdUsernameOrMe_AndUnknownIs404()
    {
        await using var scope = await DoubleScope.StartAsync();
        var bob = await scope.CreateUserAsync("bob");

        Assert.Equal("bob", (await scope.Api.GetAsync($"/api/v2/users/{bob.Id()}")).Str("username"));
        Assert.Equal("bob", (await scope.Api.GetAsync("/api/v2/users/BOB")).Str("username"));
        Assert.Equal("admin", (await scope.Api.GetAsync("/api/v2/users/me")).Str("username"));

        var unknownName = await scope.Api.GetAsync("/api/v2/users/nobody");
        Assert.Equal(HttpStatusCode.NotFound, unknownName.Status);
        Assert.Equal("Resource not found or you do not have access to this resource", unknownName.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await scope.Api.GetAsync($"/api/v2/users/{Guid.NewGuid()}")).Status);
    }

    [Fact]
    public async Task List_SearchesAndPaginatesLikeCoderd()
    {
        await using var scope = await DoubleScope.StartAsync();
        foreach (var name in new[] { "carol", "alice", "dave", "bob" }) await scope.CreateUserAsync(name);
        await scope.Api.PutAsync("/api/v2/users/dave/status/suspend");
        await scope.Api.PutAsync("/api/v2/users/carol/roles", new { roles = new[] { "template-admin" } });

        var all = await scope.Api.GetAsync("/api/v2/users");
        Assert.Equal(["admin", "alice", "bob", "carol", "dave"], Usernames(all));
        Assert.Equal(5, all.Body!["count"]!.GetValue<int>());

        Assert.Equal(["alice"], Usernames(await scope.Api.GetAsync("/api/v2/users?q=ALI")));
        Assert.Equal(["dave"], Usernames(await scope.Api.GetAsync("/api/v2/users?q=status:suspended")));
        Assert.Equal(["carol"], Usernames(await scope.Api.GetAsync("/api/v2/users?q=role:template-admin")));
        Assert.Equal(["bob"], Usernames(await scope.Api.GetAsync("/api/v2/users?q=username:bob")));
        Assert.Equal(["bob"], Usernames(await scope.Api.GetAsync("/api/v2/users?q=email:bob@example.com")));

        var page = await scope.Api.GetAsync("/api/v2/users?limit=2&offset=1");
        Assert.Equal(["alice", "bob"], Usernames(page));
        Assert.Equal(5, page.Body!["count"]!.GetValue<int>());

        var bobId = (await scope.Api.GetAsync("/api/v2/users/bob")).Body!.Id();
        var after = await scope.Api.GetAsync($"/api/v2/users?after_id={bobId}");
        Assert.Equal(["carol", "dave"], Usernames(after));
        Assert.Equal(2, after.Body!["count"]!.GetValue<int>());

        var beyond = await scope.Api.GetAsync("/api/v2/users?offset=50");
        Assert.Equal(0, beyond.Body!["count"]!.GetValue<int>()); // coderd reports 0 for an empty page
    }

    [Fact]
    public async Task List_RejectsBadQueries_WithCodersValidations()
    {
        await using var scope = await DoubleScope.StartAsync();

        var unknownKey = await scope.Api.GetAsync("/api/v2/users?q=colour:blue");
        Assert.Equal("Invalid user search query.", unknownKey.Message);
        Assert.Equal(("colour", "\"colour\" is not a valid query param"), Assert.Single(unknownKey.Validations));

        var badStatus = await scope.Api.GetAsync("/api/v2/users?q=status:sleeping");
        Assert.Equal(("status", "Query param \"status\" has invalid values: \"sleeping\" is not a valid value"), Assert.Single(badStatus.Validations));

        var colon = await scope.Api.GetAsync("/api/v2/users?q=status:");
        Assert.Equal(("q", "Query element \"status:\" cannot start or end with ':'"), Assert.Single(colon.Validations));

        var badLimit = await scope.Api.GetAsync("/api/v2/users?limit=-1&after_id=x");
        Assert.Equal("Query parameters have invalid values.", badLimit.Message);
        Assert.Contains(("limit", "Query param \"limit\" must be a valid 32-bit positive integer: value is negative"), badLimit.Validations);
        Assert.Contains(("after_id", "Query param \"after_id\" must be a valid uuid"), badLimit.Validations);
    }

    [Fact]
    public async Task Delete_RemovesTheUser_ItsSessionsAndMemberships_AndFreesTheUsername()
    {
        await using var scope = await DoubleScope.StartAsync();
        var bob = await scope.CreateUserAsync("bob");
        var group = await scope.CreateGroupAsync("devs");
        await scope.Api.PatchAsync($"/api/v2/groups/{group.Id()}", new { add_users = new[] { bob.Id().ToString() } });
        var token = scope.Coder.Control.IssueToken("bob");

        var self = await scope.Api.DeleteAsync("/api/v2/users/me");
        Assert.Equal(HttpStatusCode.Forbidden, self.Status);
        Assert.Equal("You cannot delete yourself!", self.Message);

        var deleted = await scope.Api.DeleteAsync($"/api/v2/users/{bob.Id()}");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scope.Api.GetAsync("/api/v2/users/bob")).Status);
        Assert.DoesNotContain((await scope.Api.GetAsync("/api/v2/users")).Body!["users"]!.AsArray(), u => u!.S("username") == "bob");
        // coderd still resolves a deleted user by id (GetUserByID does not filter deleted rows).
        var byId = await scope.Api.GetAsync($"/api/v2/users/{bob.Id()}");
        Assert.Equal(HttpStatusCode.OK, byId.Status);
        Assert.Empty(byId.Body!["organization_ids"]!.AsArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await scope.Anonymous.SendAsync(HttpMethod.Get, "/api/v2/users/me", token: token)).Status);
        Assert.Equal(0, (await scope.Api.GetAsync($"/api/v2/groups/{group.Id()}")).Body!["total_member_count"]!.GetValue<int>());
        await scope.CreateUserAsync("bob");
    }

    [Fact]
    public async Task Profile_RenamesAndSetsName_AndRejectsTakenUsernames()
    {
        await using var scope = await DoubleScope.StartAsync();
        var bob = await scope.CreateUserAsync("bob");
        await scope.CreateUserAsync("alice");

        var renamed = await scope.Api.PutAsync($"/api/v2/users/{bob.Id()}/profile", new { username = "robert", name = "Robert B" });
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.Equal("robert", renamed.Str("username"));
        Assert.Equal("Robert B", renamed.Str("name"));

        var taken = await scope.Api.PutAsync($"/api/v2/users/{bob.Id()}/profile", new { username = "Alice" });
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal("A user with this username already exists.", taken.Message);
        Assert.Equal(("username", "This username is already in use."), Assert.Single(taken.Validations));

        var padded = await scope.Api.PutAsync($"/api/v2/users/{bob.Id()}/profile", new { username = "robert", name = " padded " });
        Assert.Equal(("name", "Validation failed for tag \"user_real_name\" with value: \" padded \""), Assert.Single(padded.Validations));

        var missing = await scope.Api.PutAsync($"/api/v2/users/{bob.Id()}/profile", new { name = "x" });
        Assert.Equal("username", Assert.Single(missing.Validations).Field);
    }

    [Fact]
    public async Task Roles_AreSiteRolesOnly_NotYourOwn_AndReadBackAsUserRoles()
    {
        await using var scope = await DoubleScope.StartAsync();
        var bob = await scope.CreateUserAsync("bob");

        var updated = await scope.Api.PutAsync($"/api/v2/users/{bob.Id()}/roles", new { roles = new[] { "user-admin", "auditor", "auditor" } });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(["auditor", "user-admin"], updated.Body!["roles"]!.AsArray().Select(r => r!.S("name")));
        Assert.Equal("User Admin", updated.Body["roles"]![1]!.S("display_name"));

        var unknown = await scope.Api.PutAsync($"/api/v2/users/{bob.Id()}/roles", new { roles = new[] { "organization-admin" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("\"organization-admin\" is not a supported role", unknown.Message);

        var own = await scope.Api.PutAsync("/api/v2/users/me/roles", new { roles = Array.Empty<string>() });
        Assert.Equal("You cannot change your own roles.", own.Message);

        var read = await scope.Api.GetAsync($"/api/v2/users/{bob.Id()}/roles");
        Assert.Equal(["auditor", "user-admin"], read.Body!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.NotNull(read.Body["organization_roles"]![scope.DefaultOrgId.ToString()]);
    }

    [Fact]
    public async Task Status_SuspendAndActivate_WithCodersProtections()
    {
        await using var scope = await DoubleScope.StartAsync();
        var bob = await scope.CreateUserAsync("bob");

        Assert.Equal("suspended", (await scope.Api.PutAsync($"/api/v2/users/{bob.Id()}/status/suspend")).Str("status"));
        Assert.Equal("active", (await scope.Api.PutAsync($"/api/v2/users/{bob.Id()}/status/activate")).Str("status"));

        Assert.Equal("You cannot suspend yourself.", (await scope.Api.PutAsync("/api/v2/users/me/status/suspend")).Message);
        await scope.Api.PutAsync($"/api/v2/users/{bob.Id()}/roles", new { roles = new[] { "owner" } });
        var owner = await scope.Api.PutAsync($"/api/v2/users/{bob.Id()}/status/suspend");
        Assert.Equal(HttpStatusCode.BadRequest, owner.Status);
        Assert.Equal("You cannot suspend a user with the \"owner\" role. You must remove the role first.", owner.Message);
    }

    [Fact]
    public async Task Password_Changes_RevokeSessions_AndFollowCodersChecks()
    {
        await using var scope = await DoubleScope.StartAsync();
        var bob = await scope.CreateUserAsync("bob");
        var bobToken = scope.Coder.Control.IssueToken("bob");
        var path = $"/api/v2/users/{bob.Id()}/password";

        var weak = await scope.Api.PutAsync(path, new { password = "abc" });
        Assert.Equal("Invalid password.", weak.Message);
        Assert.Equal("password", Assert.Single(weak.Validations).Field);

        var same = await scope.Api.PutAsync(path, new { password = DoubleScope.GoodPassword });
        Assert.Equal("New password cannot match old password.", same.Message);

        var wrongOld = await scope.Api.PutAsync(path, new { password = "Brand-New-Passw0rd!", old_password = "wrong" });
        Assert.Equal(("old_password", "Old password is incorrect."), Assert.Single(wrongOld.Validations));

        Assert.Equal(HttpStatusCode.NoContent, (await scope.Api.PutAsync(path, new { password = "Brand-New-Passw0rd!" })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await scope.Anonymous.SendAsync(HttpMethod.Get, "/api/v2/users/me", token: bobToken)).Status);

        var ownWithoutOld = await scope.Api.PutAsync("/api/v2/users/me/password", new { password = "Brand-New-Passw0rd!" });
        Assert.Equal("Old password is required.", ownWithoutOld.Message);

        var gh = await scope.Api.PostAsync("/api/v2/users", new { username = "gh", email = "gh@example.com", login_type = "github", organization_ids = new[] { scope.DefaultOrgId } });
        Assert.Equal("Users without password login type cannot change their password.",
            (await scope.Api.PutAsync($"/api/v2/users/{gh.Body!.Id()}/password", new { password = "Brand-New-Passw0rd!" })).Message);
    }

    [Fact]
    public async Task Organizations_OfAUser_AndLoginTypeOfMe()
    {
        await using var scope = await DoubleScope.StartAsync();
        var team = await scope.CreateOrganizationAsync("team");
        var bob = await scope.CreateUserAsync("bob", scope.DefaultOrgId, team.Id());

        var orgs = await scope.Api.GetAsync($"/api/v2/users/{bob.Id()}/organizations");
        Assert.Equal(["coder", "team"], orgs.Body!.AsArray().Select(o => o!.S("name")));
        Assert.Equal("team", (await scope.Api.GetAsync("/api/v2/users/bob/organizations/team")).Str("name"));

        Assert.Equal("password", (await scope.Api.GetAsync("/api/v2/users/me/login-type")).Str("login_type"));
        Assert.Equal(HttpStatusCode.Forbidden, (await scope.Api.GetAsync("/api/v2/users/bob/login-type")).Status);
    }

    private static List<string> Usernames(ApiReply reply) =>
        reply.Body!["users"]!.AsArray().Select(u => u!.S("username")).ToList();
}
