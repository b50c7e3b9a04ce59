using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pulumi.Coder.Provider.Validation;

/// <summary>
/// How Go's standard library reads the texts coderd and terraform-provider-coder check (parameter values, autostart
/// schedules), where .NET's own parsers would accept or refuse something else. Each member names the Go function it
/// stands for.
/// </summary>
internal static partial class GoSyntax
{
    /// <summary><c>strconv.Atoi</c> on a 64-bit host: an optional sign and ASCII digits, within a 64-bit integer (no
    /// spaces, no underscores; .NET's parser would also take trailing NUL characters).</summary>
    public static bool TryAtoi(string text, out long value)
    {
        value = 0;
        return AtoiSyntax().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Whether <c>strconv.ParseFloat(text, 64)</c> succeeds: Go's float literal syntax (decimal with optional
    /// exponent, <c>1_000</c> digit separators, hexadecimal with a <c>p</c> exponent, <c>Inf</c>, <c>Infinity</c>,
    /// <c>NaN</c> in any case), refusing a decimal beyond the range of a double (ParseFloat's ErrRange).</summary>
    public static bool IsFloat(string text)
    {
        if (FloatSpecial().IsMatch(text)) return true;
        if (HexFloat().IsMatch(text))
        {
            // The mantissa needs a digit of its own, after the 0x prefix. (Its range is not checked: hexadecimal
            // values beyond a double are no number anyone writes for a template parameter.)
            var mantissa = text.TrimStart('+', '-')[2..];
            return mantissa[..mantissa.IndexOfAny(['p', 'P'])].Any(char.IsAsciiHexDigit);
        }
        if (!DecimalFloat().IsMatch(text)) return false;
        // A decimal that rounds to infinity is out of range.
        return double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && !double.IsInfinity(number);
    }

    /// <summary><c>json.Unmarshal</c> into <c>[]string</c>: a JSON array of strings; <c>null</c> (an empty list) and
    /// null elements (empty strings) are taken too, as Go takes them.</summary>
    public static bool TryUnmarshalStrings(string text, out IReadOnlyList<string> items)
    {
        items = [];
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null) return true;
            if (root.ValueKind != JsonValueKind.Array) return false;
            var list = new List<string>();
            foreach (var element in root.EnumerateArray())
            {
                if (element.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)) return false;
                list.Add(element.GetString() ?? "");
            }
            items = list;
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary><c>strings.Fields</c>: the text split at runs of white space.</summary>
    public static IReadOnlyList<string> Fields(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// A Go <c>regexp</c> (RE2) pattern as a .NET regular expression that matches the same strings for the patterns
    /// templates write: in RE2 <c>\d</c>, <c>\w</c>, <c>\s</c> and the POSIX classes (<c>[[:alpha:]]</c>) are ASCII,
    /// <c>$</c> is the end of the text (not also before a final newline) unless the pattern sets <c>m</c>,
    /// <c>(?P&lt;name&gt;…)</c> names a group and <c>\pL</c> needs no braces. Null when .NET cannot read the result
    /// (a construct RE2 has and .NET does not, such as <c>(?U)</c> or <c>\x{…}</c>): the caller leaves that check to
    /// Coder.
    /// </summary>
    public static Regex? Re2(string pattern)
    {
        var multiline = Re2MultilineFlag().IsMatch(pattern);
        var net = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var escaped = pattern[++i];
                if (AsciiClass(escaped) is { } ascii)
                {
                    net.Append(inClass ? ascii : $"[{ascii}]");
                }
                else if (char.IsAsciiLetterUpper(escaped) && AsciiClass(char.ToLowerInvariant(escaped)) is { } negated)
                {
                    if (inClass) return null; // [\D] has no ASCII spelling inside a .NET class
                    net.Append($"[^{negated}]");
                }
                else if (escaped is 'p' or 'P' && i + 1 < pattern.Length && pattern[i + 1] != '{')
                {
                    net.Append('\\').Append(escaped).Append('{').Append(pattern[++i]).Append('}');
                }
                else
                {
                    net.Append('\\').Append(escaped);
                }
                continue;
            }
            if (inClass)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    var end = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (end < 0 || PosixClass(pattern[(i + 2)..end]) is not { } posix) return null;
                    net.Append(posix);
                    i = end + 1;
                    continue;
                }
                if (c == '[') net.Append("\\[");
                else net.Append(c);
                if (c == ']') inClass = false;
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                net.Append('[');
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') net.Append(pattern[++i]);
                // A ']' first in a class is a literal in RE2.
                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    net.Append("\\]");
                    i++;
                }
                continue;
            }
            if (c == '$' && !multiline)
            {
                net.Append(@"\z");
                continue;
            }
            if (c == '(' && string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                net.Append("(?<");
                i += 3;
                continue;
            }
            net.Append(c);
        }
        try
        {
            return new Regex(net.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? AsciiClass(char escape) => escape switch
    {
        'd' => "0-9",
        'w' => "0-9A-Za-z_",
        's' => @"\t\n\f\r ",
        _ => null,
    };

    private static string? PosixClass(string name) => name switch
    {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => @"\x00-\x7F",
        "blank" => @"\t ",
        "cntrl" => @"\x00-\x1F\x7F",
        "digit" => "0-9",
        "graph" => "!-~",
        "lower" => "a-z",
        "print" => " -~",
        "punct" => @"!-/:-@\[-`{-~",
        "space" => @"\t\n\v\f\r ",
        "upper" => "A-Z",
        "word" => "0-9A-Za-z_",
        "xdigit" => "0-9A-Fa-f",
        _ => null, // a negated [:^name:] too
    };

    [GeneratedRegex(@"^[+-]?[0-9]+\z")]
    private static partial Regex AtoiSyntax();

    [GeneratedRegex(@"^(?:[+-]?(?:inf|infinity)|nan)\z", RegexOptions.IgnoreCase)]
    private static partial Regex FloatSpecial();

    [GeneratedRegex(@"^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?\z")]
    private static partial Regex DecimalFloat();

    [GeneratedRegex(@"^[+-]?0[xX](?:_?[0-9a-fA-F])*(?:\.(?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?)?[pP][+-]?[0-9](?:_?[0-9])*\z")]
    private static partial Regex HexFloat();

    /// <summary>A flag group that turns on multi-line mode: <c>(?m)</c>, <c>(?im)</c>, <c>(?m:…)</c>.</summary>
    [GeneratedRegex(@"\(\?[a-zA-Z]*m[a-zA-Z]*[:)]")]
    private static partial Regex Re2MultilineFlag();
}
