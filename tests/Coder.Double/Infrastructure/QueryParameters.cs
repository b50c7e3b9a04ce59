using System.Globalization;
using System.Text;

namespace Coder.Double.Infrastructure;

/// <summary>
/// A multi-valued parameter bag (Go's url.Values): used both for the URL query and for the key:value terms of
/// coderd's "q" search syntax.
/// </summary>
public sealed class ParameterValues
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public static ParameterValues FromQuery(IQueryCollection query)
    {
        var values = new ParameterValues();
        foreach (var (key, list) in query)
        {
            foreach (var value in list) values.Add(key, value ?? "");
        }
        return values;
    }

    public void Add(string key, string value)
    {
        if (!_values.TryGetValue(key, out var list)) _values[key] = list = [];
        list.Add(value);
    }

    public void Set(string key, string value) => _values[key] = [value];

    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>The first value, or "" (url.Values.Get).</summary>
    public string Get(string key) => _values.TryGetValue(key, out var list) && list.Count > 0 ? list[0] : "";

    public IReadOnlyList<string> All(string key) => _values.TryGetValue(key, out var list) ? list : [];

    public IEnumerable<string> Keys => _values.Keys;
}

/// <summary>coderd's httpapi.QueryParamParser: collects every problem in one pass, with coderd's texts.</summary>
public sealed class QueryParser
{
    private readonly HashSet<string> _parsed = new(StringComparer.Ordinal);

    public List<ValidationError> Errors { get; } = [];

    public void ErrorExcessParams(ParameterValues values)
    {
        foreach (var key in values.Keys.Where(k => !_parsed.Contains(k)))
        {
            Errors.Add(new ValidationError(key, $"\"{key}\" is not a valid query param"));
        }
    }

    /// <summary>One value expected; null when absent or empty (the default applies).</summary>
    private string? Single(ParameterValues values, string name)
    {
        _parsed.Add(name);
        if (!values.Has(name) || values.Get(name) == "") return null;
        var all = values.All(name);
        if (all.Count > 1)
        {
            Errors.Add(new ValidationError(name,
                $"Query param \"{name}\" provided more than once, found {all.Count} times. Only provide 1 instance of this query param."));
            return null;
        }
        return all[0];
    }

    public string String(ParameterValues values, string name) => Single(values, name) ?? "";

    public Guid Uuid(ParameterValues values, string name)
    {
        var raw = Single(values, name);
        if (raw is null) return Guid.Empty;
        if (CoderRules.TryParseUuid(raw, out var id, out _)) return id;
        Errors.Add(new ValidationError(name, $"Query param \"{name}\" must be a valid uuid"));
        return Guid.Empty;
    }

    public int PositiveInt32(ParameterValues values, string name)
    {
        var raw = Single(values, name);
        if (raw is null) return 0;
        string? problem = null;
        if (!GoInts.TryParse(raw, 32, out var parsed, out var syntax)) problem = syntax;
        else if (parsed < 0) problem = "value is negative";
        if (problem is null) return (int)parsed;
        Errors.Add(new ValidationError(name, $"Query param \"{name}\" must be a valid 32-bit positive integer: {problem}"));
        return 0;
    }

    public long Int64(ParameterValues values, string name)
    {
        var raw = Single(values, name);
        if (raw is null) return 0;
        if (GoInts.TryParse(raw, 64, out var parsed, out var problem)) return parsed;
        Errors.Add(new ValidationError(name, $"Query param \"{name}\" must be a valid 64-bit integer: {problem}"));
        return 0;
    }

    public bool Boolean(ParameterValues values, string name)
    {
        var raw = Single(values, name);
        if (raw is null) return false;
        if (GoBools.TryParse(raw, out var value)) return value;
        Errors.Add(new ValidationError(name, $"Query param \"{name}\" must be a valid boolean: strconv.ParseBool: parsing \"{raw}\": invalid syntax"));
        return false;
    }

    public bool? NullableBoolean(ParameterValues values, string name)
    {
        var raw = Single(values, name);
        if (raw is null) return null;
        if (GoBools.TryParse(raw, out var value)) return value;
        Errors.Add(new ValidationError(name, $"Query param \"{name}\" must be a valid boolean: strconv.ParseBool: parsing \"{raw}\": invalid syntax"));
        return null;
    }

    /// <summary>RFC 3339 (nano) times; search terms are lower-cased, so the term is upper-cased first as coderd does.</summary>
    public DateTimeOffset? Time3339(ParameterValues values, string name)
    {
        var raw = Single(values, name);
        if (raw is null) return null;
        var upper = raw.ToUpperInvariant();
        if (DateTimeOffset.TryParseExact(upper, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time.ToUniversalTime();
        }
        Errors.Add(new ValidationError(name,
            $"Query param \"{name}\" must be a valid date format (2006-01-02T15:04:05.999999999Z07:00): parsing time \"{upper}\" as \"2006-01-02T15:04:05.999999999Z07:00\": cannot parse"));
        return null;
    }

    /// <summary>Go's time.ParseDuration syntax ("90s", "1h30m"); <paramref name="fallback"/> when absent (QueryParamParser.Duration).</summary>
    public TimeSpan Duration(ParameterValues values, string name, TimeSpan fallback)
    {
        var raw = Single(values, name);
        if (raw is null) return fallback;
        if (GoDurations.TryParse(raw, out var duration, out var problem)) return duration;
        Errors.Add(new ValidationError(name, $"Query param \"{name}\" must be a valid duration (e.g., '24h', '30m', '1h30m'): {problem}"));
        return fallback;
    }

    /// <summary>A JSON object of strings (QueryParamParser.JSONStringMap); null when absent or JSON null.</summary>
    public Dictionary<string, string>? JsonStringMap(ParameterValues values, string name)
    {
        var raw = Single(values, name);
        if (raw is null) return null;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(raw);
            var root = document.RootElement;
            if (root.ValueKind == System.Text.Json.JsonValueKind.Null) return null;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object) throw new FormatException($"json: cannot unmarshal {GoJsonKind(root)} into Go value of type map[string]string");
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind == System.Text.Json.JsonValueKind.Null)
                {
                    map[property.Name] = "";
                    continue;
                }
                if (property.Value.ValueKind != System.Text.Json.JsonValueKind.String)
                {
                    throw new FormatException($"json: cannot unmarshal {GoJsonKind(property.Value)} into Go value of type string");
                }
                map[property.Name] = property.Value.GetString()!;
            }
            return map;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            var problem = e is FormatException ? e.Message : "invalid character looking for beginning of value";
            Errors.Add(new ValidationError(name, $"Query param \"{name}\" must be a valid JSON object: {problem}"));
            return null;
        }
    }

    private static string GoJsonKind(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Array => "array",
        System.Text.Json.JsonValueKind.Number => "number",
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "bool",
        System.Text.Json.JsonValueKind.Object => "object",
        _ => "string",
    };

    /// <summary>Comma-separated and/or repeated values, each checked (ParseCustomList).</summary>
    public List<T> List<T>(ParameterValues values, string name, Func<string, (T? Value, string? Error)> parse)
    {
        _parsed.Add(name);
        if (!values.Has(name) || values.Get(name) == "") return [];
        var output = new List<T>();
        var problems = new List<string>();
        foreach (var term in values.All(name).SelectMany(v => v.Split(',')))
        {
            var (value, error) = parse(term);
            if (error is not null) problems.Add(error);
            else output.Add(value!);
        }
        if (problems.Count == 0) return output;
        Errors.Add(new ValidationError(name, $"Query param \"{name}\" has invalid values: {string.Join("\n", problems)}"));
        return [];
    }

    /// <summary>One value checked by <paramref name="parse"/> (httpapi.ParseCustom); the fallback when absent or invalid.</summary>
    public T Custom<T>(ParameterValues values, string name, T fallback, Func<string, (T Value, string? Error)> parse)
    {
        var raw = Single(values, name);
        if (raw is null) return fallback;
        var (value, error) = parse(raw);
        if (error is null) return value;
        Errors.Add(new ValidationError(name, $"Query param \"{name}\" has invalid value: {error}"));
        return fallback;
    }

    /// <summary>A value that must be one of a fixed set (httpapi.ParseEnum).</summary>
    public static Func<string, (string? Value, string? Error)> Enum(params string[] allowed) =>
        term => allowed.Contains(term, StringComparer.Ordinal) ? (term, null) : (null, $"\"{term}\" is not a valid value");

    /// <summary>An id, or a name resolved by the caller (UUIDorName).</summary>
    public Guid UuidOrName(ParameterValues values, string name, Func<string, (Guid Id, string? Error)> byName)
    {
        var raw = Single(values, name);
        if (raw is null) return Guid.Empty;
        if (CoderRules.TryParseUuid(raw, out var id, out _)) return id;
        var (resolved, error) = byName(raw);
        if (error is null) return resolved;
        Errors.Add(new ValidationError(name, $"Query param \"{name}\" has invalid value: {error}"));
        return Guid.Empty;
    }
}

/// <summary>Go's strconv.ParseInt texts.</summary>
internal static class GoInts
{
    public static bool TryParse(string raw, int bits, out long value, out string problem)
    {
        problem = "";
        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && raw.Trim() == raw)
        {
            var inRange = bits == 64 || (value >= int.MinValue && value <= int.MaxValue);
            if (inRange) return true;
            problem = $"strconv.ParseInt: parsing \"{raw}\": value out of range";
            return false;
        }
        var digits = raw.TrimStart('+', '-');
        problem = digits.Length > 0 && digits.All(char.IsAsciiDigit)
            ? $"strconv.ParseInt: parsing \"{raw}\": value out of range"
            : $"strconv.ParseInt: parsing \"{raw}\": invalid syntax";
        return false;
    }
}

/// <summary>Go's time.ParseDuration: signed sequences of decimal numbers with units (ns, us, µs, ms, s, m, h).</summary>
internal static class GoDurations
{
    private static readonly Dictionary<string, double> TicksPerUnit = new(StringComparer.Ordinal)
    {
        ["ns"] = 0.01,
        ["us"] = 10,
        ["\u00b5s"] = 10,
        ["\u03bcs"] = 10,
        ["ms"] = TimeSpan.TicksPerMillisecond,
        ["s"] = TimeSpan.TicksPerSecond,
        ["m"] = TimeSpan.TicksPerMinute,
        ["h"] = TimeSpan.TicksPerHour,
    };

    public static bool TryParse(string text, out TimeSpan duration, out string problem)
    {
        duration = TimeSpan.Zero;
        problem = $"time: invalid duration \"{text}\"";
        var rest = text;
        var negative = false;
        if (rest.Length > 0 && rest[0] is '-' or '+')
        {
            negative = rest[0] == '-';
            rest = rest[1..];
        }
        if (rest == "0") return true;
        if (rest.Length == 0) return false;
        double ticks = 0;
        while (rest.Length > 0)
        {
            if (!(rest[0] == '.' || char.IsAsciiDigit(rest[0]))) return false;
            var whole = new string(rest.TakeWhile(char.IsAsciiDigit).ToArray());
            rest = rest[whole.Length..];
            var fraction = "";
            if (rest.StartsWith('.'))
            {
                rest = rest[1..];
                fraction = new string(rest.TakeWhile(char.IsAsciiDigit).ToArray());
                rest = rest[fraction.Length..];
            }
            if (whole.Length == 0 && fraction.Length == 0) return false;
            var unitLength = rest.TakeWhile(c => c != '.' && !char.IsAsciiDigit(c)).Count();
            if (unitLength == 0)
            {
                problem = $"time: missing unit in duration \"{text}\"";
                return false;
            }
            var unit = rest[..unitLength];
            rest = rest[unitLength..];
            if (!TicksPerUnit.TryGetValue(unit, out var perUnit))
            {
                problem = $"time: unknown unit \"{unit}\" in duration \"{text}\"";
                return false;
            }
            var number = double.Parse($"{(whole.Length == 0 ? "0" : whole)}.{(fraction.Length == 0 ? "0" : fraction)}", CultureInfo.InvariantCulture);
            ticks += number * perUnit;
        }
        duration = TimeSpan.FromTicks((long)Math.Round(negative ? -ticks : ticks));
        return true;
    }
}

/// <summary>Go's strconv.ParseBool accepted spellings.</summary>
internal static class GoBools
{
    public static bool TryParse(string raw, out bool value)
    {
        switch (raw)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}

/// <summary>coderd's search syntax for "q": space-separated terms, key:value pairs, double quotes keep spaces.</summary>
public static class SearchTerms
{
    /// <param name="query">The q value (callers lower-case it first where coderd does).</param>
    /// <param name="bareTerm">What to do with words that are not key:value; returns an error text or null.</param>
    public static (ParameterValues Values, List<ValidationError> Errors) Parse(string query, Func<string, ParameterValues, string?> bareTerm)
    {
        var values = new ParameterValues();
        var tokens = Split(query, ' ', keepQuotes: true);
        var elements = tokens.Where(t => t.Contains(':')).ToList();
        var bare = tokens.Where(t => !t.Contains(':')).ToList();
        if (bare.Count > 0) elements.Add(string.Join(" ", bare));

        foreach (var element in elements)
        {
            if (element.StartsWith(':') || element.EndsWith(':'))
            {
                return (values, [new ValidationError("q", $"Query element \"{element}\" cannot start or end with ':'")]);
            }
            var parts = Split(element, ':', keepQuotes: false);
            switch (parts.Count)
            {
                case 1:
                    var error = bareTerm(element, values);
                    if (error is not null) return (values, [new ValidationError("q", error)]);
                    break;
                case 2:
                    values.Add(parts[0].ToLowerInvariant(), parts[1]);
                    break;
                default:
                    return (values, [new ValidationError("q", $"Query element \"{element}\" can only contain 1 ':'")]);
            }
        }
        return (values, []);
    }

    /// <summary>strings.FieldsFunc on the delimiter outside double quotes; empty fields dropped.</summary>
    private static List<string> Split(string text, char delimiter, bool keepQuotes)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            if (!quoted && c == delimiter)
            {
                if (current.Length > 0) parts.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) parts.Add(current.ToString());
        return keepQuotes ? parts : parts.Select(p => p.Trim('"')).ToList();
    }
}
