using Coder.Double.Infrastructure;

namespace Coder.Double.Tests;

/// <summary>The value rules, checked against the examples coderd and its password library test with.</summary>
public sealed class RulesTests
{
    [Theory]
    [InlineData("PasswordSecured123!", true)]
    [InlineData("SomeSecurePassword!", true)]
    [InlineData(CoderDoubleOptions.DefaultAdminPassword, true)]
    [InlineData("pass", false)]
    [InlineData("password", false)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    public void Passwords(string password, bool acceptable) =>
        Assert.Equal(acceptable, CoderRules.PasswordProblem(password) is null);

    [Fact]
    public void Password_LongerThan64Bytes_IsRejected_EvenWhenStrong() =>
        Assert.Equal("password must be no more than 64 characters", CoderRules.PasswordProblem("Aa1!" + new string('x', 40) + "Zq9#wE4$rT6^yU8&iO0*pL")!);

    [Theory]
    [InlineData("aaaa", 2)]
    [InlineData("11112222", 4)]
    [InlineData("aa123456", 4)]
    [InlineData("876543", 2)]
    [InlineData("qwerty123456z", 5)]
    public void Password_EffectiveLength_DiscountsRepeatsAndSequences(string password, int length) =>
        Assert.Equal(length, PasswordStrength.EffectiveLength(password));

    [Fact]
    public void Password_Advice_NamesWhatIsMissing() =>
        Assert.Equal("insecure password, try including more special characters, using lowercase letters, using numbers or using a longer password",
            CoderRules.PasswordProblem("MYPASS"));

    [Theory]
    [InlineData("a", true)]
    [InlineData("a-b-1", true)]
    [InlineData("-a", false)]
    [InlineData("a--b", false)]
    [InlineData("a_b", false)]
    [InlineData("new", false)]
    [InlineData("create", false)]
    [InlineData("", false)]
    [InlineData("abcdefghijabcdefghijabcdefghijab", true)]
    [InlineData("abcdefghijabcdefghijabcdefghijabc", false)]
    [InlineData("abc\n", false)]
    public void Names(string name, bool valid) => Assert.Equal(valid, CoderRules.NameProblem(name) is null);

    [Theory]
    [InlineData("Display Name", true)]
    [InlineData("", true)]
    [InlineData(" leading", false)]
    [InlineData("trailing ", false)]
    public void DisplayNames(string name, bool valid) => Assert.Equal(valid, CoderRules.DisplayNameProblem(name) is null);

    [Theory]
    [InlineData("user@example.com", true)]
    [InlineData("first.last+tag@sub.example.co", true)]
    [InlineData("user@localhost", false)]
    [InlineData("not-an-email", false)]
    [InlineData("a@b@c.com", false)]
    public void Emails(string email, bool valid) => Assert.Equal(valid, CoderRules.IsEmail(email));

    // cron.Weekly: coderd prefixes "CRON_TZ=UTC " unless the text starts with CRON_TZ=, then robfig/cron checks each
    // range's numbers, its hyphens, its step, the bounds and a zero step, in that order.
    [Theory]
    [InlineData("CRON_TZ=Europe/Berlin 30 8 * * 1-5", null)]
    [InlineData("0 +9 * * mon,,FRI", null)]
    [InlineData("*/15 9-17/2 * * *", null)]
    [InlineData("TZ=Europe/Berlin 0 9 * * 1", "parse schedule: expected exactly 5 fields, found 6: [TZ=Europe/Berlin 0 9 * * 1]")]
    [InlineData(" CRON_TZ=UTC 0 9 * * 1", "parse schedule: expected exactly 5 fields, found 6: [CRON_TZ=UTC 0 9 * * 1]")]
    [InlineData("0 9 * * 1/0", "parse schedule: step of range should be a positive number: 1/0")]
    [InlineData("70/0 9 * * *", "parse schedule: beginning of range (70) beyond end of range (59): 70/0")]
    [InlineData("0 9 * * 1/-2", "parse schedule: negative number (-2) not allowed: -2")]
    [InlineData("0 9 * * -1", "parse schedule: failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax")]
    [InlineData("x-2-3 9 * * *", "parse schedule: failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("1-2-3 9 * * *", "parse schedule: too many hyphens: 1-2-3")]
    [InlineData("0 9 * * 99999999999999999999", "parse schedule: failed to parse int from 99999999999999999999: strconv.Atoi: parsing \"99999999999999999999\": value out of range")]
    [InlineData("CRON_TZ=Local 0 9 * * *", "schedules scoped to time.Local are not supported")]
    [InlineData("CRON_TZ=../etc/passwd 0 9 * * *", "parse schedule: provided bad location ../etc/passwd: time: invalid location name")]
    [InlineData("CRON_TZ=Mars/Base 0 9 * * *", "parse schedule: provided bad location Mars/Base: unknown time zone Mars/Base")]
    [InlineData("0 9 1 * *", "validate weekly schedule: expected day-of-month and month to be *")]
    public void WeeklySchedules(string schedule, string? error) => Assert.Equal(error, WeeklySchedule.Parse(schedule).Error);

    [Fact]
    public void SearchTerms_GroupBareWords_AndKeepQuotedColons()
    {
        var (values, errors) = SearchTerms.Parse("status:active john smith name:\"a:b\"", (term, v) =>
        {
            v.Add("search", term);
            return null;
        });
        Assert.Empty(errors);
        Assert.Equal("active", values.Get("status"));
        Assert.Equal("john smith", values.Get("search"));
        Assert.Equal("a:b", values.Get("name"));
    }
}
