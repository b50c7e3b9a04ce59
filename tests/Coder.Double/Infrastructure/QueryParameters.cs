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
