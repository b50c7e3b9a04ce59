using System.Globalization;

namespace Coder.Double.Infrastructure;

/// <summary>
/// coderd's weekly autostart schedules (coderd/schedule/cron.Weekly): five cron fields (minute, hour, day of month,
/// month, day of week) with an optional "CRON_TZ=&lt;zone&gt; " prefix, day of month and month both "*". Error texts
/// follow coderd and the robfig/cron parser it uses.
/// </summary>
public sealed class WeeklySchedule
{
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _daysOfWeek; // 0 = Sunday, as cron counts

    private WeeklySchedule(bool[] minutes, bool[] hours, bool[] daysOfWeek, TimeZoneInfo zone)
    {
        _minutes = minutes;
        _hours = hours;
        _daysOfWeek = daysOfWeek;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    public static (WeeklySchedule? Schedule, string? Error) Parse(string raw)
    {
        var parts = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 5) return (null, "validate weekly schedule: expected schedule to consist of 5 fields with an optional CRON_TZ=<timezone> prefix");
        var checkedParts = parts.Length == 6 ? parts[1..] : parts;
        if (checkedParts[2] != "*" || checkedParts[3] != "*") return (null, "validate weekly schedule: expected day-of-month and month to be *");

        var fields = parts.ToList();
        var zone = TimeZoneInfo.Utc;
        if (fields[0].StartsWith("CRON_TZ=", StringComparison.Ordinal) || fields[0].StartsWith("TZ=", StringComparison.Ordinal))
        {
            var name = fields[0][(fields[0].IndexOf('=') + 1)..];
            try
            {
                zone = name is "UTC" or "" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(name);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                return (null, $"parse schedule: provided bad location {name}: unknown time zone {name}");
            }
            fields.RemoveAt(0);
        }
        if (fields.Count != 5) return (null, $"parse schedule: expected exactly 5 fields, found {fields.Count}: [{string.Join(" ", fields)}]");

        string? error = null;
        var minutes = Field(fields[0], 0, 59, null, ref error);
        var hours = Field(fields[1], 0, 23, null, ref error);
        Field(fields[2], 1, 31, null, ref error);
        Field(fields[3], 1, 12, Months, ref error);
        var days = Field(fields[4], 0, 6, Days, ref error);
        if (error is not null) return (null, "parse schedule: " + error);
        return (new WeeklySchedule(minutes, hours, days, zone), null);
    }

    /// <summary>The first time strictly after <paramref name="after"/> (whole minutes) the schedule fires.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, Zone);
        var start = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        for (var day = 0; day <= 8; day++)
        {
            var date = start.Date.AddDays(day);
            if (!_daysOfWeek[(int)date.DayOfWeek]) continue;
            for (var hour = 0; hour < 24; hour++)
            {
                if (!_hours[hour]) continue;
                for (var minute = 0; minute < 60; minute++)
                {
                    if (!_minutes[minute]) continue;
                    var candidate = date.AddHours(hour).AddMinutes(minute);
                    if (candidate < start || Zone.IsInvalidTime(candidate)) continue;
                    return new DateTimeOffset(candidate, Zone.GetUtcOffset(candidate)).ToUniversalTime();
                }
            }
        }
        return null;
    }

    /// <summary>schedule.NextAllowedAutostart: the next firing on a day the template allows (bit 0 Monday … 6 Sunday).</summary>
    public DateTimeOffset? NextAllowed(DateTimeOffset at, int allowedDays)
    {
        var next = at;
        while (next - at < TimeSpan.FromDays(7))
        {
            if (Next(next) is not { } fired) return null;
            next = fired;
            var weekday = TimeZoneInfo.ConvertTime(fired, Zone).DayOfWeek;
            var bit = weekday == DayOfWeek.Sunday ? 6 : (int)weekday - 1;
            if ((allowedDays & (1 << bit)) != 0) return fired;
        }
        return null;
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>robfig/cron getField: comma-separated ranges "a", "a-b", "*", each with an optional "/step".</summary>
    private static bool[] Field(string expression, int min, int max, string[]? names, ref string? error)
    {
        var bits = new bool[max + 1];
        if (error is not null) return bits;
        foreach (var part in expression.Split(','))
        {
            var slash = part.Split('/');
            if (slash.Length > 2)
            {
                error = $"too many slashes: {part}";
                return bits;
            }
            var range = slash[0].Split('-');
            if (range.Length > 2)
            {
                error = $"too many hyphens: {part}";
                return bits;
            }
            int start, end;
            var extra = false;
            if (range[0] is "*" or "?")
            {
                start = min;
                end = max;
                extra = true;
            }
            else
            {
                if (!Number(range[0], names, min, out start, ref error)) return bits;
                end = start;
                if (range.Length == 2 && !Number(range[1], names, min, out end, ref error)) return bits;
            }
            var step = 1;
            if (slash.Length == 2)
            {
                if (!int.TryParse(slash[1], NumberStyles.None, CultureInfo.InvariantCulture, out step))
                {
                    error = $"failed to parse int from {slash[1]}: strconv.Atoi: parsing \"{slash[1]}\": invalid syntax";
                    return bits;
                }
                if (step <= 0)
                {
                    error = $"step of range should be a positive number: {part}";
                    return bits;
                }
                if (!extra && range.Length == 1) end = max;
            }
            if (start < min)
            {
                error = $"beginning of range ({start}) below minimum ({min}): {part}";
                return bits;
            }
            if (end > max)
            {
                error = $"end of range ({end}) above maximum ({max}): {part}";
                return bits;
            }
            if (start > end)
            {
                error = $"beginning of range ({start}) beyond end of range ({end}): {part}";
                return bits;
            }
            for (var i = start; i <= end; i += step) bits[i] = true;
        }
        return bits;
    }

    private static bool Number(string text, string[]? names, int min, out int value, ref string? error)
    {
        if (names is not null)
        {
            var index = Array.IndexOf(names, text.ToLowerInvariant());
            if (index >= 0)
            {
                value = index + min;
                return true;
            }
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)) return true;
        error = $"failed to parse int from {text}: strconv.Atoi: parsing \"{text}\": invalid syntax";
        return false;
    }
}
