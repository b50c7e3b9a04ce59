using System.Text.Json.Nodes;

namespace Coder.Double.Control;

/// <summary>
/// A fault to inject on calls whose method and path match. Matching calls are counted from 1; calls Nth through
/// Nth+Times-1 are affected (Times &lt;= 0: every call from the Nth on).
/// </summary>
/// <param name="Path">Route pattern: literal segments, "*" or "{name}" for any one segment, a final "**" for any rest.</param>
/// <param name="Method">HTTP method to match; null matches all.</param>
/// <param name="Status">Answer this status instead of serving the call (null: serve it, after any delay).</param>
/// <param name="Body">JSON body for Status; null gives a codersdk.Response fitting the status.</param>
/// <param name="DelayMs">Wait this long before anything else.</param>
/// <param name="Drop">Abort the connection without an answer, before the call reaches coderd's handlers.</param>
/// <param name="DropAfterCommit">Serve the call (coderd commits its change), then abort the connection without
/// answering: a create whose answer is lost to a load balancer's reset or a timeout.</param>
/// <param name="RetryAfterSeconds">Send a Retry-After header (with 429 also the rate-limit headers coderd sends).</param>
/// <param name="WebSocket">Match only WebSocket upgrade requests (coderd's <c>follow=true</c> log streams): with
/// <paramref name="Status"/>, a proxy that refuses to upgrade.</param>
public sealed record FaultRule(
    string Path,
    string? Method = null,
    int Nth = 1,
    int Times = 1,
    int? Status = null,
    JsonNode? Body = null,
    int DelayMs = 0,
    bool Drop = false,
    int? RetryAfterSeconds = null,
    bool DropAfterCommit = false,
    bool WebSocket = false);

/// <summary>A rule as installed: its id and how many matching calls it has seen.</summary>
public sealed record InstalledFault(string Id, FaultRule Rule, int MatchedCalls);

/// <summary>What the fault middleware must do with one call.</summary>
public sealed record FaultAction(FaultRule Rule);

/// <summary>The installed fault rules. Thread-safe.</summary>
public sealed class FaultInjector
{
    private readonly Lock _sync = new();
    private readonly List<Entry> _rules = [];
    private int _nextId;

    private sealed class Entry(string id, FaultRule rule)
    {
        public string Id { get; } = id;
        public FaultRule Rule { get; } = rule;
        public int Matched { get; set; }
    }

    public string Add(FaultRule rule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rule.Path);
        if (rule.Nth < 1) throw new ArgumentException("Nth counts from 1.", nameof(rule));
        if (rule.Status is { } status && (status < 100 || status > 599)) throw new ArgumentException("Status must be an HTTP status.", nameof(rule));
        lock (_sync)
        {
            var id = $"fault-{++_nextId}";
            _rules.Add(new Entry(id, rule));
            return id;
        }
    }

    public bool Remove(string id)
    {
        lock (_sync) return _rules.RemoveAll(r => r.Id == id) > 0;
    }

    public void Clear()
    {
        lock (_sync) _rules.Clear();
    }

    public IReadOnlyList<InstalledFault> List()
    {
        lock (_sync) return _rules.Select(r => new InstalledFault(r.Id, r.Rule, r.Matched)).ToList();
    }

    /// <summary>Counts the call against every matching rule; returns the first rule that fires for it, if any.</summary>
    public FaultAction? Match(string method, string path, bool isWebSocket = false)
    {
        lock (_sync)
        {
            FaultAction? action = null;
            foreach (var entry in _rules)
            {
                if (entry.Rule.Method is { } m && !string.Equals(m, method, StringComparison.OrdinalIgnoreCase)) continue;
                if (!PathMatches(entry.Rule.Path, path)) continue;
                if (entry.Rule.WebSocket && !isWebSocket) continue;
                entry.Matched++;
                var from = entry.Rule.Nth;
                var fires = entry.Matched >= from && (entry.Rule.Times <= 0 || entry.Matched < from + entry.Rule.Times);
                if (fires) action ??= new FaultAction(entry.Rule);
            }
            return action;
        }
    }

    public static bool PathMatches(string pattern, string path)
    {
        var wanted = Segments(pattern.Split('?')[0]);
        var actual = Segments(path.Split('?')[0]);
        for (var i = 0; i < wanted.Length; i++)
        {
            if (wanted[i] == "**") return true;
            if (i >= actual.Length) return false;
            var isWildcard = wanted[i] == "*" || (wanted[i].StartsWith('{') && wanted[i].EndsWith('}'));
            if (!isWildcard && !string.Equals(wanted[i], actual[i], StringComparison.Ordinal)) return false;
        }
        return wanted.Length == actual.Length;
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
