using System.Text;

namespace Coder.Double.Infrastructure;

/// <summary>
/// The entropy estimate coderd uses for passwords (go-password-validator v0.3.0), reimplemented so the double
/// accepts and rejects exactly the passwords coderd does, with the same advice text.
/// </summary>
internal static class PasswordStrength
{
    private const string ReplaceChars = "!@$&*";
    private const string SeparatorChars = "_-., ";
    private const string OtherSpecialChars = "\"#%'()+/:;<=>?[\\]^{|}~";
    private const string LowerChars = "abcdefghijklmnopqrstuvwxyz";
    private const string UpperChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string DigitChars = "0123456789";

    // Runs along these (and along their reverses) only count for their first two characters.
    private static readonly string[] Sequences =
    [
        "0123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz",
    ];

    public static string? Problem(string password, double minimumBits)
    {
        if (Entropy(password) >= minimumBits) return null;

        var classes = ClassesOf(password);
        var advice = new List<string>();
        if (!classes.OtherSpecial || !classes.Separator || !classes.Replace) advice.Add("including more special characters");
        if (!classes.Lower) advice.Add("using lowercase letters");
        if (!classes.Upper) advice.Add("using uppercase letters");
        if (!classes.Digit) advice.Add("using numbers");
        return advice.Count > 0
            ? $"insecure password, try {string.Join(", ", advice)} or using a longer password"
            : "insecure password, try using a longer password";
    }

    public static double Entropy(string password)
    {
        var alphabetSize = AlphabetSize(password);
        var length = EffectiveLength(password);
        // Summed step by step, as the original does, so results at the threshold agree.
        var bitsPerCharacter = GoLog2(alphabetSize);
        var total = 0.0;
        for (var i = 0; i < length; i++) total += bitsPerCharacter;
        return total;
    }

    private readonly record struct Classes(bool Replace, bool Separator, bool OtherSpecial, bool Lower, bool Upper, bool Digit);

    private static Classes ClassesOf(string password)
    {
        bool replace = false, separator = false, other = false, lower = false, upper = false, digit = false;
        foreach (var rune in password.EnumerateRunes())
        {
            if (Contains(ReplaceChars, rune)) replace = true;
            else if (Contains(SeparatorChars, rune)) separator = true;
            else if (Contains(OtherSpecialChars, rune)) other = true;
            else if (Contains(LowerChars, rune)) lower = true;
            else if (Contains(UpperChars, rune)) upper = true;
            else if (Contains(DigitChars, rune)) digit = true;
        }
        return new Classes(replace, separator, other, lower, upper, digit);
    }

    private static int AlphabetSize(string password)
    {
        var distinct = new HashSet<Rune>(password.EnumerateRunes());
        var unclassified = distinct.Count(r =>
            !Contains(ReplaceChars, r) && !Contains(SeparatorChars, r) && !Contains(OtherSpecialChars, r) &&
            !Contains(LowerChars, r) && !Contains(UpperChars, r) && !Contains(DigitChars, r));
        var classes = ClassesOf(password);
        return unclassified
            + (classes.Replace ? ReplaceChars.Length : 0)
            + (classes.Separator ? SeparatorChars.Length : 0)
            + (classes.OtherSpecial ? OtherSpecialChars.Length : 0)
            + (classes.Lower ? LowerChars.Length : 0)
            + (classes.Upper ? UpperChars.Length : 0)
            + (classes.Digit ? DigitChars.Length : 0);
    }

    internal static int EffectiveLength(string password)
    {
        var runes = CapRepeats(password.EnumerateRunes().ToList());
        foreach (var sequence in Sequences) runes = CapSequence(runes, sequence);
        foreach (var sequence in Sequences) runes = CapSequence(runes, new string(sequence.Reverse().ToArray()));
        return runes.Sum(r => r.Utf8SequenceLength);
    }

    /// <summary>Keeps at most two identical characters in a row.</summary>
    private static List<Rune> CapRepeats(List<Rune> runes)
    {
        Rune? previous = null, beforePrevious = null;
        for (var i = 0; i < runes.Count; i++)
        {
            var current = runes[i];
            if (current == previous && current == beforePrevious)
            {
                runes.RemoveAt(i);
                i--;
            }
            beforePrevious = previous;
            previous = current;
        }
        return runes;
    }

    /// <summary>
    /// Walks the password against the sequence and drops characters after the second consecutive match. This is
    /// the original's exact (and somewhat peculiar) scan: the match counter survives between outer steps, and a
    /// match advances the password position as well as the sequence position.
    /// </summary>
    private static List<Rune> CapSequence(List<Rune> runes, string sequence)
    {
        var matches = 0;
        for (var i = 0; i < runes.Count; i++)
        {
            for (var j = 0; j < sequence.Length; j++)
            {
                if (i >= runes.Count) break;
                if (runes[i] != new Rune(sequence[j]))
                {
                    matches = 0;
                    continue;
                }
                matches++;
                if (matches > 2) runes.RemoveAt(i);
                else i++;
            }
        }
        return runes;
    }

    private static bool Contains(string set, Rune rune) => rune.IsBmp && set.Contains((char)rune.Value);

    /// <summary>Go's math.Log2: exact for powers of two, otherwise ln(fraction)/ln 2 + exponent.</summary>
    private static double GoLog2(double value)
    {
        if (value <= 0 || double.IsNaN(value) || double.IsInfinity(value)) return Math.Log2(value);
        var exponent = Math.ILogB(value) + 1;
        var fraction = Math.ScaleB(value, -exponent);
        if (fraction == 0.5) return exponent - 1;
        return Math.Log(fraction) * (1 / Math.Log(2)) + exponent;
    }
}
