namespace Coder.Double.Model;

/// <summary>
/// A provisioner daemon as coderd's provisioner_daemons table holds it. An online daemon is connected and polling: it
/// takes the jobs it matches, and its last_seen_at is always "now". An offline one takes nothing and keeps the
/// moment it was last seen (null: it never connected).
/// </summary>
public sealed class ProvisionerDaemonRow
{
    public required Guid Id { get; init; }
    public required Guid OrganizationId { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Always passed through <see cref="ProvisionerTags.Mutate"/>: scope and owner are present.</summary>
    public required Dictionary<string, string> Tags { get; set; }
    public bool Online { get; set; } = true;
    /// <summary>When an offline daemon was last seen (ignored while online).</summary>
    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>Every daemon of the double runs Terraform, the only provisioner type the double's templates use.</summary>
    public static readonly IReadOnlyList<string> Provisioners = ["terraform"];

    public DateTimeOffset? LastSeen(DateTimeOffset now) => Online ? now : LastSeenAt;
}

/// <summary>coderd's provisioner tag rules.</summary>
public static class ProvisionerTags
{
    public const string Scope = "scope";
    public const string Owner = "owner";
    public const string ScopeUser = "user";
    public const string ScopeOrganization = "organization";

    /// <summary>
    /// provisionersdk.MutateTags: the tag sets merged in order (an empty value never overrides), then scope and owner
    /// settled: a missing or unknown scope becomes "organization" with an empty owner; scope "user" is owned by
    /// <paramref name="userId"/>.
    /// </summary>
    public static Dictionary<string, string> Mutate(Guid userId, params IReadOnlyDictionary<string, string>?[] provided)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var set in provided)
        {
            foreach (var (key, value) in set ?? new Dictionary<string, string>())
            {
                if (value.Length > 0) tags[key] = value;
            }
        }
        if (tags.GetValueOrDefault(Scope) == ScopeUser)
        {
            tags[Owner] = userId.ToString();
        }
        else
        {
            tags[Scope] = ScopeOrganization;
            tags[Owner] = "";
        }
        return tags;
    }

    /// <summary>
    /// The database function provisioner_tagset_contains(provisioner_tags, job_tags): the daemon's tags include every
    /// job tag, except that an untagged job ({"scope": "organization", "owner": ""}) only matches an untagged daemon.
    /// </summary>
    public static bool Contains(IReadOnlyDictionary<string, string> daemonTags, IReadOnlyDictionary<string, string> jobTags)
    {
        if (IsUntagged(jobTags)) return SameTags(daemonTags, jobTags);
        return jobTags.All(tag => daemonTags.TryGetValue(tag.Key, out var value) && value == tag.Value);
    }

    public static bool SameTags(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(tag => b.TryGetValue(tag.Key, out var value) && value == tag.Value);

    private static bool IsUntagged(IReadOnlyDictionary<string, string> tags) =>
        tags.Count == 2 && tags.GetValueOrDefault(Scope) == ScopeOrganization && tags.TryGetValue(Owner, out var owner) && owner == "";
}

/// <summary>Provisioner daemons and the queries coderd runs over them (callers hold Sync).</summary>
public sealed partial class DoubleState
{
    /// <summary>The id of the daemon every fresh double has: untagged, in the default organization, online.</summary>
    public static readonly Guid DefaultDaemonId = new("6f1c0c7e-5d3a-4c55-9a51-0d0b1e5c0de1");

    public const string DefaultDaemonName = "coder-double-provisioner";

    /// <summary>provisionerdserver.StaleInterval: a daemon not seen for this long is offline and not available.</summary>
    public static readonly TimeSpan StaleInterval = TimeSpan.FromSeconds(90);

    public List<ProvisionerDaemonRow> ProvisionerDaemons { get; } = [];

    partial void ResetProvisionerDaemons()
    {
        ProvisionerDaemons.Clear();
        AddStandardDaemon(Seed.DefaultOrganizationId, DefaultDaemonId);
    }

    /// <summary>
    /// An untagged, online daemon named <see cref="DefaultDaemonName"/> for the organization. The double gives one to
    /// every organization it creates, as if its operator had started one, so that templates import anywhere; coderd's
    /// own built-in daemons serve only the default organization (remove the daemon to get that).
    /// </summary>
    public void AddStandardDaemon(Guid organizationId, Guid? id = null) => ProvisionerDaemons.Add(new ProvisionerDaemonRow
    {
        Id = id ?? Guid.NewGuid(),
        OrganizationId = organizationId,
        Name = DefaultDaemonName,
        CreatedAt = Now(),
        Tags = ProvisionerTags.Mutate(Guid.Empty),
    });

    public ProvisionerDaemonRow? DaemonById(Guid id) => ProvisionerDaemons.FirstOrDefault(d => d.Id == id);

    /// <summary>GetProvisionerDaemonsByOrganization: the organization's daemons whose tags contain <paramref name="tags"/>.</summary>
    public List<ProvisionerDaemonRow> DaemonsMatching(Guid organizationId, IReadOnlyDictionary<string, string> tags) =>
        ProvisionerDaemons.Where(d => d.OrganizationId == organizationId && ProvisionerTags.Contains(d.Tags, tags)).ToList();

    /// <summary>
    /// GetEligibleProvisionerDaemonsByProvisionerJobIDs and AcquireProvisionerJob's filter: daemons of the job's
    /// organization, with its provisioner type, whose tags contain the job's; oldest first.
    /// </summary>
    public List<ProvisionerDaemonRow> EligibleDaemons(ProvisionerJobRow job) =>
        DaemonsMatching(job.OrganizationId, job.Tags).OrderBy(d => d.CreatedAt).ToList();

    /// <summary>The daemon that picks the job up now (AcquireProvisionerJob polls only from connected daemons), if any.</summary>
    public ProvisionerDaemonRow? DaemonToTake(ProvisionerJobRow job) => EligibleDaemons(job).FirstOrDefault(d => d.Online);

    /// <summary>db2sdk.MatchedProvisioners: daemons never seen do not count; available ones were seen within the stale interval.</summary>
    public static (int Count, int Available, DateTimeOffset? MostRecentlySeen) Matched(IEnumerable<ProvisionerDaemonRow> daemons, DateTimeOffset now)
    {
        int count = 0, available = 0;
        DateTimeOffset? mostRecentlySeen = null;
        foreach (var daemon in daemons)
        {
            if (daemon.LastSeen(now) is not { } seen) continue;
            count++;
            if (seen > now - StaleInterval) available++;
            if (mostRecentlySeen is null || seen > mostRecentlySeen) mostRecentlySeen = seen;
        }
        return (count, available, mostRecentlySeen);
    }

    /// <summary>
    /// GetProvisionerJobsByIDsWithQueuePosition (template versions, dry runs, builds): a pending job's place among
    /// the pending jobs that the same fresh daemons (seen within the stale interval, in any organization, as the
    /// query has it) could take: the best position and the largest queue over the tag sets of those daemons. A job
    /// no fresh daemon can take, or that is not pending, is at 0 of 0.
    /// </summary>
    public (int Position, int Size) QueueAmongMatchingDaemons(ProvisionerJobRow job, DateTimeOffset now)
    {
        if (job.Status != "pending") return (0, 0);
        var tagSets = new List<Dictionary<string, string>>();
        foreach (var daemon in ProvisionerDaemons)
        {
            if (daemon.LastSeen(now) is not { } seen || seen < now - StaleInterval) continue;
            if (!ProvisionerTags.Contains(daemon.Tags, job.Tags) || tagSets.Any(t => ProvisionerTags.SameTags(t, daemon.Tags))) continue;
            tagSets.Add(daemon.Tags);
        }
        var pending = ProvisionerJobs.Where(j => j.Status == "pending").OrderBy(j => j.CreatedAt).ToList();
        int position = 0, size = 0;
        foreach (var tags in tagSets)
        {
            var queue = pending.Where(j => ProvisionerTags.Contains(tags, j.Tags)).ToList();
            var rank = queue.IndexOf(job) + 1;
            position = position == 0 ? rank : Math.Min(position, rank);
            size = Math.Max(size, queue.Count);
        }
        return (position, size);
    }

    /// <summary>
    /// GetProvisionerJobsByOrganizationAndStatusWithQueuePositionAndProvisioner (GET …/provisionerjobs/{job}): the
    /// job's place among every pending job of the deployment, whatever daemons exist.
    /// </summary>
    public (int Position, int Size) QueueAmongAllPending(ProvisionerJobRow job)
    {
        if (job.Status != "pending") return (0, 0);
        var pending = ProvisionerJobs.Where(j => j.Status == "pending").OrderBy(j => j.CreatedAt).ToList();
        return (pending.IndexOf(job) + 1, pending.Count);
    }
}
