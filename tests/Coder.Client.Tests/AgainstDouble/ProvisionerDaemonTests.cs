using Coder.Client.Models;
using Coder.Double.Control;

namespace Coder.Client.Tests.AgainstDouble;

[Collection(DoubleCollection.Name)]
public sealed class ProvisionerDaemonTests : ProvisioningTest
{
    private static readonly Dictionary<string, string> Untagged = new() { ["scope"] = "organization", ["owner"] = "" };

    [Fact]
    public async Task The_organizations_daemons_are_listed_with_their_tags_status_and_last_job_and_offline_ones_on_request()
    {
        var version = await Steps.ImportAsync();
        Coder.Control.Provisioners.Add(new ProvisionerDaemonSpec("gpu", Tags: new Dictionary<string, string> { ["gpu"] = "true" }, Online: false));

        var online = await Client.Organizations.ListProvisionerDaemonsAsync(Organization);

        var daemon = Assert.Single(online);
        Assert.Equal(("coder-double-provisioner", ProvisionerDaemonStatus.Idle, DefaultOrganizationId), (daemon.Name, daemon.Status, daemon.OrganizationId));
        Assert.Equal(Untagged, daemon.Tags);
        Assert.Equal([ProvisionerType.Terraform], daemon.Provisioners);
        Assert.NotNull(daemon.LastSeenAt);
        Assert.Null(daemon.CurrentJob);
        Assert.Equal((version.Job.Id, ProvisionerJobStatus.Succeeded), (daemon.PreviousJob!.Id, daemon.PreviousJob.Status));

        var all = await Client.Organizations.ListProvisionerDaemonsAsync(Organization, offline: true, limit: 0);
        Assert.Equal(["gpu", "coder-double-provisioner"], all.Select(d => d.Name));
        Assert.Equal((ProvisionerDaemonStatus.Offline, null), (all[0].Status, all[0].LastSeenAt));

        var forGpuJobs = await Client.Organizations.ListProvisionerDaemonsAsync(Organization,
            tags: ProvisionerTags.ToQuery(new Dictionary<string, string> { ["gpu"] = "true" }), offline: true);
        Assert.Equal(["gpu"], forGpuJobs.Select(d => d.Name));
        var forUntaggedJobs = await Client.Organizations.ListProvisionerDaemonsAsync(Organization, tags: ProvisionerTags.ToQuery(Untagged), offline: true);
        Assert.Equal(["coder-double-provisioner"], forUntaggedJobs.Select(d => d.Name));
    }
}
