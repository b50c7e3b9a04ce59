using Pulumi.Coder.Provider.Validation;

namespace Pulumi.Coder.Provider.Tests.Validation;

/// <summary>Go's readings of numbers, JSON lists and regular expressions, where .NET's own would differ.</summary>
public class GoSyntaxTests
{
    [Theory]
    [InlineData("42", true)]
    [InlineData("+42", true)]
    [InlineData("-0", true)]
    [InlineData("007", true)]
    [InlineData("9223372036854775807", true)]
    [InlineData("9223372036854775808", false)]
    [InlineData(" 1", false)]
    [InlineData("1 ", false)]
    [InlineData("1\0", false)]
    [InlineData("1_000", false)]
    [InlineData("1.0", false)]
    [InlineData("", false)]
    [InlineData("-", false)]
    [InlineData("١٢", false)]
    public void Atoi_takes_a_sign_and_ascii_digits(string text, bool ok)
    {
        Assert.Equal(ok, GoSyntax.TryAtoi(text, out _));
    }

    [Theory]
    [InlineData("4", true)]
    [InlineData("2.5", true)]
    [InlineData("-.5", true)]
    [InlineData("1.", true)]
    [InlineData("1e3", true)]
    [InlineData("1E-3", true)]
    [InlineData("1_000.000_1", true)]
    [InlineData("0x1p-2", true)]
    [InlineData("0x_1.8P3", true)]
    [InlineData("Inf", true)]
    [InlineData("-infinity", true)]
    [InlineData("NaN", true)]
    [InlineData("1e-400", true)] // underflows to zero without an error
    [InlineData("1e400", false)] // ParseFloat's ErrRange
    [InlineData("+nan", false)]
    [InlineData("infin", false)]
    [InlineData("0x1", false)] // a hexadecimal mantissa needs a p exponent
    [InlineData("0xp1", false)]
    [InlineData("1__0", false)]
    [InlineData("_1", false)]
    [InlineData("1_", false)]
    [InlineData("1_.5", false)]
    [InlineData(".", false)]
    [InlineData("1e", false)]
    [InlineData(" 1", false)]
    [InlineData("1,5", false)]
    [InlineData("", false)]
    public void ParseFloat_takes_gos_float_literals(string text, bool ok)
    {
        Assert.Equal(ok, GoSyntax.IsFloat(text));
    }

    [Theory]
    [InlineData("[\"a\",\"b\"]", new[] { "a", "b" })]
    [InlineData(" [ ] ", new string[0])]
    [InlineData("null", new string[0])]
    [InlineData("[null,\"x\"]", new[] { "", "x" })]
    [InlineData("[1]", null)]
    [InlineData("[\"a\",]", null)]
    [InlineData("{\"a\":1}", null)]
    [InlineData("\"a\"", null)]
    [InlineData("[[\"a\"]]", null)]
    [InlineData("", null)]
    public void Unmarshal_into_a_string_slice(string text, string[]? items)
    {
        var ok = GoSyntax.TryUnmarshalStrings(text, out var parsed);

        Assert.Equal(items is not null, ok);
        if (items is not null) Assert.Equal(items, parsed);
    }

    [Theory]
    [InlineData("^[a-z]+$", "abc", true)]
    [InlineData("^[a-z]+$", "abc\n", false)] // RE2's $ is the end of the text
    [InlineData("(?m)^[a-z]+$", "abc\ndef", true)]
    [InlineData(@"^\d+$", "123", true)]
    [InlineData(@"^\d+$", "١٢٣", false)] // \d is ASCII in RE2
    [InlineData(@"^\w+$", "héllo", false)]
    [InlineData(@"^[\w.-]+$", "a.b-c_d", true)]
    [InlineData(@"^\D+$", "abc", true)]
    [InlineData(@"^\s$", "\u00a0", false)]
    [InlineData("^[[:alpha:]]+$", "abc", true)]
    [InlineData("^[[:alpha:]]+$", "a:b", false)]
    [InlineData("^[[:digit:][:upper:]]+$", "A1", true)]
    [InlineData("^(?P<name>[a-z]+)$", "abc", true)]
    [InlineData(@"^\pL+$", "héllo", true)]
    [InlineData("^[]a]+$", "]a", true)]
    [InlineData("(?i)^ABC$", "abc", true)]
    [InlineData("b", "abc", true)] // unanchored, as Go's MatchString
    public void An_re2_pattern_matches_what_go_matches(string pattern, string text, bool matches)
    {
        var regex = GoSyntax.Re2(pattern);

        Assert.NotNull(regex);
        Assert.Equal(matches, regex.IsMatch(text));
    }

    [Theory]
    [InlineData("(?U)a+")]
    [InlineData(@"\x{41}")]
    [InlineData("[[:^alpha:]]")]
    [InlineData(@"[\D]")]
    public void A_pattern_dotnet_cannot_read_is_left_to_coder(string pattern)
    {
        Assert.Null(GoSyntax.Re2(pattern));
    }

    [Fact]
    public void Fields_split_at_any_white_space()
    {
        Assert.Equal(["a", "b", "c"], GoSyntax.Fields(" a\tb \u00a0 c\n"));
    }
}
