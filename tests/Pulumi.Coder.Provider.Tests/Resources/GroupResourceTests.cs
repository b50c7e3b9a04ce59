using System.Collections.Immutable;
using System.Net;
using Coder.Client.Models;
using Moq;
using Pulumi.Coder.Provider.Hosting;
using Pulumi.Coder.Provider.Resources;
using Pulumi.Experimental.Provider;
using static Pulumi.Coder.Provider.Tests.Values;

namespace Pulumi.Coder.Provider.Tests.Resources;

public class GroupResourceTests
{
    private static readonly Guid GroupId = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly string Alice = "aaaaaaaa-0000-0000-0000-000000000001";
    private static readonly string Bob = "bbbbbbbb-0000-0000-0000-000000000002";
    private static readonly string Carol = "cccccccc-0000-0000-0000-000000000003";

    private readonly MockCoder coder = new();
    private readonly GroupResource resource = new();

    private static Group Group(params string[] members) => new()
    {
        Id = GroupId,
        Name = "developers",
        OrganizationId = MockCoder.DefaultOrganization,
        Source = "user",
        Members = [.. members.Select(m => new ReducedUser { Id = Guid.Parse(m) })],
    };

    [Fact]
    public async Task Create_makes_the_group_in_the_default_organization_then_adds_its_members()
    {
        coder.Groups.Setup(g => g.CreateAsync(MockCoder.DefaultOrganization.ToString(), It.Is<CreateGroupRequest>(r => r.Name == "developers" && r.QuotaAllowance == 3), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Group());
        coder.Groups.Setup(g => g.UpdateAsync(GroupId, It.Is<PatchGroupRequest>(p => p.AddUsers!.SequenceEqual(new[] { Alice, Bob })), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Group(Alice, Bob));

        var response = await resource.CreateAsync(new CreateRequest(MockCoder.Urn("Group", "devs"),
            Map(("name", "developers"), ("quotaAllowance", 3), ("members", new[] { Bob, Alice })), TimeSpan.Zero, false),
            coder.Context("Group", "devs"), default);

        Assert.Equal(GroupId.ToString(), response.Id);
        Assert.Equal(Of(new[] { Alice, Bob }), response.Outputs!["members"]);
        Assert.Equal(Of(MockCoder.DefaultOrganization.ToString()), response.Outputs["organizationId"]);
    }

    [Fact]
    public async Task When_adding_members_fails_the_new_group_is_deleted_again()
    {
        coder.Groups.Setup(g => g.CreateAsync(It.IsAny<string>(), It.IsAny<CreateGroupRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(Group());
        coder.Groups.Setup(g => g.UpdateAsync(GroupId, It.IsAny<PatchGroupRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CoderErrors.Status(HttpStatusCode.BadRequest, "User not found"));
        coder.Groups.Setup(g => g.DeleteAsync(GroupId, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask).Verifiable();

        var error = await Assert.ThrowsAsync<ProviderException>(() => resource.CreateAsync(new CreateRequest(MockCoder.Urn("Group", "devs"),
            Map(("name", "developers"), ("quotaAllowance", 0), ("members", new[] { Alice })), TimeSpan.Zero, false), coder.Context("Group", "devs"), default));

        coder.Groups.Verify();
        Assert.Contains("deleted again, so nothing is left behind", error.Message);
        Assert.Contains("User not found", error.Message);
    }

    [Fact]
    public async Task When_the_rollback_fails_too_the_error_names_the_group_and_how_to_import_it()
    {
        coder.Groups.Setup(g => g.CreateAsync(It.IsAny<string>(), It.IsAny<CreateGroupRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(Group());
        coder.Groups.Setup(g => g.UpdateAsync(GroupId, It.IsAny<PatchGroupRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CoderErrors.Status(HttpStatusCode.BadRequest, "User not found"));
        coder.Groups.Setup(g => g.DeleteAsync(GroupId, It.IsAny<CancellationToken>())).ThrowsAsync(CoderErrors.Status(HttpStatusCode.ServiceUnavailable, "down"));

        var error = await Assert.ThrowsAsync<ProviderException>(() => resource.CreateAsync(new CreateRequest(MockCoder.Urn("Group", "devs"),
            Map(("name", "developers"), ("quotaAllowance", 0), ("members", new[] { Alice })), TimeSpan.Zero, false), coder.Context("Group", "devs"), default));

        Assert.Contains($"left on Coder with id {GroupId}", error.Message);
        Assert.Contains($"pulumi import coder:index:Group devs {GroupId}", error.Message);
    }

    [Fact]
    public async Task Update_sends_only_the_membership_difference_against_Coders_current_members()
    {
        coder.Groups.Setup(g => g.GetAsync(GroupId, null, It.IsAny<CancellationToken>())).ReturnsAsync(Group(Alice, Bob));
        PatchGroupRequest? sent = null;
        coder.Groups.Setup(g => g.UpdateAsync(GroupId, It.IsAny<PatchGroupRequest>(), It.IsAny<CancellationToken>()))
            .Callback((Guid _, PatchGroupRequest p, CancellationToken _) => sent = p)
            .ReturnsAsync(Group(Bob, Carol));
        var olds = Map(("name", "developers"), ("quotaAllowance", 0), ("members", new[] { Alice, Bob }));

        await resource.UpdateAsync(new UpdateRequest(MockCoder.Urn("Group", "devs"), GroupId.ToString(),
            olds.Add("organizationId", Of(MockCoder.DefaultOrganization.ToString())).Add("source", Of("user")),
            Map(("name", "developers"), ("quotaAllowance", 0), ("members", new[] { Carol, Bob })), TimeSpan.Zero, [], false, olds),
            coder.Context("Group", "devs"), default);

        Assert.Equal([Carol], sent!.AddUsers!);
        Assert.Equal([Alice], sent.RemoveUsers!);
        Assert.Null(sent.Name);
    }

    [Fact]
    public async Task Update_leaves_unmanaged_membership_alone()
    {
        PatchGroupRequest? sent = null;
        coder.Groups.Setup(g => g.UpdateAsync(GroupId, It.IsAny<PatchGroupRequest>(), It.IsAny<CancellationToken>()))
            .Callback((Guid _, PatchGroupRequest p, CancellationToken _) => sent = p)
            .ReturnsAsync(Group(Alice));
        var olds = Map(("name", "developers"), ("quotaAllowance", 0));

        await resource.UpdateAsync(new UpdateRequest(MockCoder.Urn("Group", "devs"), GroupId.ToString(), olds.Add("source", Of("user")),
            Map(("name", "devs"), ("quotaAllowance", 5)), TimeSpan.Zero, [], false, olds), coder.Context("Group", "devs"), default);

        Assert.Null(sent!.AddUsers);
        Assert.Null(sent.RemoveUsers);
        Assert.Equal("devs", sent.Name);
        Assert.Equal(5, sent.QuotaAllowance);
        coder.Groups.Verify(g => g.GetAsync(It.IsAny<Guid>(), It.IsAny<bool?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_Everyone_group_is_adopted_rather_than_created_and_never_deleted()
    {
        var everyone = Group() with { Id = MockCoder.DefaultOrganization, Name = "Everyone" };
        coder.Groups.Setup(g => g.UpdateAsync(MockCoder.DefaultOrganization, It.Is<PatchGroupRequest>(p => p.QuotaAllowance == 10 && p.AddUsers == null), It.IsAny<CancellationToken>()))
            .ReturnsAsync(everyone with { QuotaAllowance = 10 });

        var created = await resource.CreateAsync(new CreateRequest(MockCoder.Urn("Group", "everyone"),
            Map(("name", "Everyone"), ("quotaAllowance", 10)), TimeSpan.Zero, false), coder.Context("Group", "everyone"), default);
        Assert.Equal(MockCoder.DefaultOrganization.ToString(), created.Id);

        await resource.DeleteAsync(new DeleteRequest(MockCoder.Urn("Group", "everyone"), created.Id!, created.Outputs!.ToImmutableDictionary(), TimeSpan.Zero, MockCoder.None),
            coder.Context("Group", "everyone"), default);
        coder.Groups.Verify(g => g.DeleteAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Import_accepts_organization_and_group_names()
    {
        coder.Groups.Setup(g => g.GetByNameAsync("acme", "developers", It.IsAny<CancellationToken>())).ReturnsAsync(Group(Alice) with { Source = "oidc" });

        var response = await resource.ReadAsync(new ReadRequest(MockCoder.Urn("Group", "devs"), "acme/developers", MockCoder.None, MockCoder.None),
            coder.Context("Group", "devs"), default);

        Assert.Equal(GroupId.ToString(), response.Id);
        Assert.Equal(Of("oidc"), response.Outputs!["source"]);
        Assert.Equal(Of(new[] { Alice }), response.Inputs!["members"]);
    }

    [Fact]
    public async Task A_group_deleted_out_of_band_reads_as_gone()
    {
        coder.Groups.Setup(g => g.GetAsync(GroupId, null, It.IsAny<CancellationToken>())).ThrowsAsync(CoderErrors.Status(HttpStatusCode.NotFound, "Resource not found"));

        var response = await resource.ReadAsync(new ReadRequest(MockCoder.Urn("Group", "devs"), GroupId.ToString(), Map(("name", "developers")), Map(("name", "developers"))),
            coder.Context("Group", "devs"), default);

        Assert.Equal("", response.Id);
    }

    [Fact]
    public void Setting_members_of_the_Everyone_group_is_refused_at_check_time()
    {
        var response = resource.Check(new CheckRequest(MockCoder.Urn("Group", "everyone"), MockCoder.None,
            Map(("name", "Everyone"), ("members", new[] { Alice })), []), new Pulumi.Coder.Provider.Framework.CheckContext(null, "coder:index:Group"));
        Assert.Equal("members", Assert.Single(response.Failures!).Property);
    }
}
