using Coder.Double.Jobs;
using Coder.Double.Model;

namespace Coder.Double.Control;

/// <summary>A daemon to add. Organization: id or name (null: the default organization). Tags: as the daemon
/// registers them; scope and owner are settled like coderd does (an untagged daemon gets
/// {"scope": "organization", "owner": ""}; scope "user" needs an owner). Online: connected, taking the jobs it matches
/// and seen continuously; an offline daemon takes nothing and was last seen at LastSeenAt (null: never).</summary>
public sealed record ProvisionerDaemonSpec(
    string? Name = null,
    string? Organization = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    bool Online = true,
    DateTimeOffset? LastSeenAt = null);

/// <summary>A daemon as the control surface shows it; LastSeenAt is null for an online daemon (it is seen now).</summary>
public sealed record ProvisionerDaemonView(
    Guid Id,
    string Name,
    Guid OrganizationId,
    IReadOnlyDictionary<string, string> Tags,
    bool Online,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset CreatedAt);

/// <summary>
/// The provisioner daemons of the double (a fresh or reset double has one: untagged, in the default organization,
/// online). Jobs only run on an online daemon of their organization whose tags contain theirs; a change that lets a
/// waiting job run starts it at once. Thread-safe.
/// </summary>
public sealed class ProvisionerDaemonControl
{
    private readonly DoubleState _state;
    private readonly JobEngine _engine;

    internal ProvisionerDaemonControl(DoubleState state, JobEngine engine)
    {
        _state = state;
        _engine = engine;
    }

    public IReadOnlyList<ProvisionerDaemonView> List()
    {
        lock (_state.Sync) return _state.ProvisionerDaemons.OrderBy(d => d.CreatedAt).Select(View).ToList();
    }

    /// <exception cref="ArgumentException">An unknown organization, a name already used there, bad tags, or a last-seen time for an online daemon.</exception>
    public ProvisionerDaemonView Add(ProvisionerDaemonSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (_state.Sync)
        {
            var organization = string.IsNullOrEmpty(spec.Organization)
                ? _state.DefaultOrganization
                : (Guid.TryParse(spec.Organization, out var id) ? _state.OrganizationById(id) : _state.OrganizationByName(spec.Organization))
                  ?? throw new ArgumentException($"No organization \"{spec.Organization}\".");
            var name = spec.Name;
            if (string.IsNullOrEmpty(name))
            {
                var number = _state.ProvisionerDaemons.Count + 1;
                while (_state.ProvisionerDaemons.Any(d => d.Name == $"provisioner-{number}")) number++;
                name = $"provisioner-{number}";
            }
            var tags = Settle(spec.Tags);
            // coderd upserts daemons by organization, name and owner: a second daemon of that name replaces the first.
            if (_state.ProvisionerDaemons.Any(d => d.OrganizationId == organization.Id && d.Name == name && d.Tags[ProvisionerTags.Owner] == tags[ProvisionerTags.Owner]))
            {
                throw new ArgumentException($"A provisioner daemon named \"{name}\" already exists in organization \"{organization.Name}\".");
            }
            if (spec.Online && spec.LastSeenAt is not null) throw OnlineHasNoLastSeen();
            var daemon = new ProvisionerDaemonRow
            {
                Id = Guid.NewGuid(),
                OrganizationId = organization.Id,
                Name = name,
                CreatedAt = _state.Now(),
                Tags = tags,
                Online = spec.Online,
                LastSeenAt = spec.Online ? null : spec.LastSeenAt,
            };
            _state.ProvisionerDaemons.Add(daemon);
            _engine.DaemonsChanged();
            return View(daemon);
        }
    }

    /// <summary>Replaces the daemon's tags (settled as in <see cref="Add"/>).</summary>
    public ProvisionerDaemonView SetTags(string daemon, IReadOnlyDictionary<string, string> tags) => Change(daemon, row => row.Tags = Settle(tags));

    /// <summary>The daemon connects: it is seen continuously and takes the jobs it matches.</summary>
    public ProvisionerDaemonView SetOnline(string daemon) => Change(daemon, row =>
    {
        row.Online = true;
        row.LastSeenAt = null;
    });

    /// <summary>The daemon is gone; it was last seen at <paramref name="lastSeenAt"/> (null: never).</summary>
    public ProvisionerDaemonView SetOffline(string daemon, DateTimeOffset? lastSeenAt) => Change(daemon, row =>
    {
        row.Online = false;
        row.LastSeenAt = lastSeenAt;
    });

    /// <summary>The daemon disconnects now: it takes no more jobs and stays available (seen recently) for the stale interval.</summary>
    public ProvisionerDaemonView Disconnect(string daemon) => Change(daemon, row =>
    {
        if (!row.Online) return;
        row.Online = false;
        row.LastSeenAt = _state.Now();
    });

    /// <summary>Removes one daemon (id or name); false when there is none. Jobs it is running still finish.</summary>
    public bool Remove(string daemon)
    {
        lock (_state.Sync)
        {
            return Find(daemon) is { } row && _state.ProvisionerDaemons.Remove(row);
        }
    }

    /// <summary>Removes every daemon: no new job runs until one is added.</summary>
    public void Clear()
    {
        lock (_state.Sync) _state.ProvisionerDaemons.Clear();
    }

    internal static ArgumentException OnlineHasNoLastSeen() =>
        new("last_seen_at is only for a daemon that is not online: an online daemon is seen continuously.");

    private ProvisionerDaemonView Change(string daemon, Action<ProvisionerDaemonRow> change)
    {
        lock (_state.Sync)
        {
            var row = Find(daemon) ?? throw new KeyNotFoundException($"No provisioner daemon \"{daemon}\".");
            change(row);
            _engine.DaemonsChanged();
            return View(row);
        }
    }

    private ProvisionerDaemonRow? Find(string daemon) =>
        Guid.TryParse(daemon, out var id) ? _state.DaemonById(id) : _state.ProvisionerDaemons.FirstOrDefault(d => d.Name == daemon);

    /// <summary>provisionersdk.MutateTags as provisionerd's serve handler applies it, keeping the owner of a user-scoped daemon.</summary>
    private static Dictionary<string, string> Settle(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags?.GetValueOrDefault(ProvisionerTags.Scope) != ProvisionerTags.ScopeUser) return ProvisionerTags.Mutate(Guid.Empty, tags);
        var owner = tags.GetValueOrDefault(ProvisionerTags.Owner) ?? "";
        if (!Guid.TryParse(owner, out var ownerId))
        {
            throw new ArgumentException("A daemon with tag scope \"user\" needs an \"owner\" tag: the id of the user it runs jobs for.");
        }
        return ProvisionerTags.Mutate(ownerId, tags);
    }

    private static ProvisionerDaemonView View(ProvisionerDaemonRow d) =>
        new(d.Id, d.Name, d.OrganizationId, d.Tags, d.Online, d.Online ? null : d.LastSeenAt, d.CreatedAt);
}
