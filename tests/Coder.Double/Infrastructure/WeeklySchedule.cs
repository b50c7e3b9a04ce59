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
        // validateWeeklySpec looks at the whitespace-separated fields, a sixth being the zone.
        var parts = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 5) return (null, "validate weekly schedule: expected schedule to consist of 5 fields with an optional CRON_TZ=<timezone> prefix");
        var checkedParts = parts.Length == 6 ? parts[1..] : parts;
        if (checkedParts[2] != "*" || checkedParts[3] != "*") return (null, "validate weekly schedule: expected day-of-month and month to be *");

        // cron.parse prefixes "CRON_TZ=UTC " unless the text itself starts with CRON_TZ= (so "TZ=…" or a leading space
        // become a sixth field); robfig's parser then takes the zone up to the first space.
        var spec = raw.StartsWith("CRON_TZ=", StringComparison.Ordinal) ? raw : "CRON_TZ=UTC " + raw;
        var space = spec.IndexOf(' ', StringComparison.Ordinal);
        var name = spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..space];
        if (LoadLocation(name) is not { } zone) return (null, $"parse schedule: provided bad location {name}: {LocationError(name)}");
        var fields = spec[space..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5) return (null, $"parse schedule: expected exactly 5 fields, found {fields.Length}: [{string.Join(" ", fields)}]");

        string? error = null;
        var minutes = Field(fields[0], 0, 59, null, ref error);
        var hours = Field(fields[1], 0, 23, null, ref error);
        Field(fields[2], 1, 31, null, ref error);
        Field(fields[3], 1, 12, Months, ref error);
        var days = Field(fields[4], 0, 6, Days, ref error);
        if (error is not null) return (null, "parse schedule: " + error);
        // time.LoadLocation("Local") is the server's zone, which coderd refuses.
        if (name == "Local") return (null, "schedules scoped to time.Local are not supported");
        return (new WeeklySchedule(minutes, hours, days, zone), null);
    }

    /// <summary>time.LoadLocation: "" and "UTC" are UTC; names with ".." or a leading slash are refused.</summary>
    private static TimeZoneInfo? LoadLocation(string name)
    {
        if (name is "" or "UTC" or "Local") return TimeZoneInfo.Utc;
        if (name.Contains("..", StringComparison.Ordinal) || name[0] is '/' or '\\') return null;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static string LocationError(string name) =>
        name.Contains("..", StringComparison.Ordinal) || name[0] is '/' or '\\' ? "time: invalid location name" : $"unknown time zone {name}";

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

    /// <summary>robfig/cron getField and getRange: comma-separated ranges "a", "a-b", "*" or "?", each with an optional
    /// "/step", checked in robfig's order (the range's numbers, then its hyphens, the step, the bounds, a zero step).</summary>
    private static bool[] Field(string expression, int min, int max, string[]? names, ref string? error)
    {
        var bits = new bool[max + 1];
        if (error is not null) return bits;
        foreach (var part in expression.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var slash = part.Split('/');
            var range = slash[0].Split('-');
            long start, end;
            if (range[0] is "*" or "?")
            {
                start = min;
                end = max;
            }
            else
            {
                if (!Number(range[0], names, out start, ref error)) return bits;
                switch (range.Length)
                {
                    case 1:
                        end = start;
                        break;
                    case 2:
                        if (!Number(range[1], names, out end, ref error)) return bits;
                        break;
                    default:
                        error = $"too many hyphens: {part}";
                        return bits;
                }
            }
            long step;
            switch (slash.Length)
            {
                case 1:
                    step = 1;
                    break;
                case 2:
                    if (!Number(slash[1], null, out step, ref error)) return bits;
                    // "N/step" means "N-max/step".
                    if (range.Length == 1) end = max;
                    break;
                default:
                    error = $"too many slashes: {part}";
                    return bits;
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
            if (step == 0)
            {
                error = $"step of range should be a positive number: {part}";
                return bits;
            }
            for (var i = start; i <= end; i += step) bits[i] = true;
        }
        return bits;
    }

    /// <summary>parseIntOrName and mustParseInt: a name (case-insensitive), else strconv.Atoi, not negative.</summary>
    private static bool Number(string text, string[]? names, out long value, ref string? error)
    {
        if (names is not null && Array.IndexOf(names, text.ToLowerInvariant()) is var index and >= 0)
        {
            // robfig's month names start at 1, its day names at 0 (Sunday).
            value = names == Months ? index + 1 : index;
            return true;
        }
        var digits = text.StartsWith('+') || text.StartsWith('-') ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            value = 0;
            error = $"failed to parse int from {text}: strconv.Atoi: parsing {ParameterRulesQuote(text)}: invalid syntax";
            return false;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = $"failed to parse int from {text}: strconv.Atoi: parsing {ParameterRulesQuote(text)}: value out of range";
            return false;
        }
        if (value < 0)
        {
            error = $"negative number ({value}) not allowed: {text}";
            return false;
        }
        return true;
    }

    private static string ParameterRulesQuote(string text) => Declaration.ParameterRules.GoQuote(text);
}
