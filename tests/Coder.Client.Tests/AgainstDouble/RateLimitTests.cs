using System.Net;
using Coder.Client.Archives;
using Coder.Client.Tests.Support;
using Coder.Double;
using Coder.Double.Control;

namespace Coder.Client.Tests.AgainstDouble;

/// <summary>
/// coderd's own rate limits (the double's sliding one-minute window, files limit 12) against bursts larger than
/// them, with the client and the double sharing a clock that runs thirty times faster: a minute passes in 2 s. (Faster,
/// the milliseconds a loaded machine takes to send a burst would spread it over simulated seconds.)
/// </summary>
[Collection(DoubleCollection.Name)]
public sealed class RateLimitTests : DoubleTest
{
    private const int FilesPerMinute = 12;

    private readonly FastTimeProvider _clock = new(factor: 30, clockToo: true);

    protected override CoderDoubleOptions DoubleOptions => new() { Time = _clock, FilesRateLimit = FilesPerMinute };

    private CoderClient PacedClient(TimeSpan totalTimeout) => Session.CreateClient(Coder.SessionToken, Session.FastResilience() with
    {
        TimeProvider = _clock,
        TotalTimeout = totalTimeout,
    });

    private static async Task<IReadOnlyList<TemplateArchiveContent>> ArchivesAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => TemplateArchive.FromFiles(
            [TemplateFile.Text("main.tf", $"# template {i}\nresource \"null_resource\" \"dev\" {{}}\n")]).BuildAsync()));

    [Fact]
    public async Task A_burst_of_uploads_beyond_the_files_limit_all_succeed_at_the_rate_coderd_allows()
    {
        // 40 template sources pushed at once: 12 fit the minute, the others are refused and must then go out one at
        // a time. Retried together after their Retry-After, they would meet a window still counting the first 12,
        // and most would be refused again until their retries ran out.
        var archives = await ArchivesAsync(40);
        var client = PacedClient(TimeSpan.FromDays(1));

        var uploads = await Task.WhenAll(archives.Select(a => client.Files.UploadTarAsync(a.Content)));

        Assert.Equal(40, uploads.Select(u => u.Hash).Distinct().Count());
        var waits = Session.Retries.Where(r => r.Path == "/api/v2/files").ToList();
        Assert.NotEmpty(waits);
        Assert.All(waits, r =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
            Assert.Equal(FilesPerMinute, r.RateLimit);
        });
        // Turned away by the burst, hardly ever on their turn (only where a loaded machine's late timers met the sliding
        // count's rounding), and queued one behind the other: the last waits the minute plus a turn (5.5 s, less the
        // time the burst took to send) per request ahead of it.
        var firstRefusals = waits.Count(r => r.Attempt == 1);
        Assert.InRange(waits.Count - firstRefusals, 0, 2);
        Assert.True(waits.Where(r => r.Attempt == 1).Max(r => r.Delay) >= TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(4 * (firstRefusals - 1)),
            $"longest of {firstRefusals} waits {waits.Max(r => r.Delay)}");
    }

    [Fact]
    public async Task Waiting_for_a_turn_does_not_count_against_the_total_timeout()
    {
        var archives = await ArchivesAsync(24);
        var client = PacedClient(TimeSpan.FromMinutes(1));

        var uploads = await Task.WhenAll(archives.Select(a => client.Files.UploadTarAsync(a.Content)));

        Assert.Equal(24, uploads.Length);
        // Longer than each call's own time limit.
        Assert.True(Session.Retries.Max(r => r.Delay) > TimeSpan.FromMinutes(1.2), $"longest wait {Session.Retries.Max(r => r.Delay)}");
    }

    [Fact]
    public async Task A_new_request_to_a_paced_path_waits_its_turn_instead_of_being_refused()
    {
        var archives = await ArchivesAsync(FilesPerMinute + 2);
        var client = PacedClient(TimeSpan.FromDays(1));
        var burst = Task.WhenAll(archives.Take(FilesPerMinute + 1).Select(a => client.Files.UploadTarAsync(a.Content)));
        await EventuallyAsync(() => !Session.Retries.IsEmpty, "the burst's refusal");

        // Within the same minute, when the minute's 12 are spent: sent now, it would be refused too.
        await client.Files.UploadTarAsync(archives[^1].Content);
        await burst;

        Assert.Single(Session.Retries);
    }

    [Fact]
    public async Task A_refusal_on_a_path_already_paced_still_waits_its_Retry_After()
    {
        var archives = await ArchivesAsync(FilesPerMinute + 2);
        var client = PacedClient(TimeSpan.FromDays(1));
        await Task.WhenAll(archives.Take(FilesPerMinute + 1).Select(a => client.Files.UploadTarAsync(a.Content)));
        Session.Retries.Clear();

        // Within the minute the path is paced, coderd asks for 30 s: the next turn (a few seconds away) is too soon.
        Coder.Control.Faults.Add(new FaultRule("/api/v2/files", Method: "POST", Status: 429, RetryAfterSeconds: 30));
        await client.Files.UploadTarAsync(archives[^1].Content);

        Assert.True(Assert.Single(Session.Retries).Delay >= TimeSpan.FromSeconds(30), $"waited {Session.Retries.Single().Delay}");
    }
}
