using System.Text;

namespace Pulumi.Coder.SdkGen;

/// <summary>Builds one source file: four-space indentation, LF line ends, no trailing whitespace.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _depth * 4).Append(line.TrimEnd());
        _text.Append('\n');
        return this;
    }

    public CodeWriter Open(string? header = null)
    {
        if (header is not null) Line(header);
        Line("{");
        _depth++;
        return this;
    }

    public CodeWriter Close(string closing = "}")
    {
        _depth--;
        return Line(closing);
    }

    /// <summary>An XML doc summary from schema prose; nothing when there is none.</summary>
    public CodeWriter Summary(string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return this;
        Line("/// <summary>");
        foreach (var line in CSharp.DocLines(description)) Line(line.Length == 0 ? "///" : "/// " + line);
        return Line("/// </summary>");
    }

    public override string ToString()
    {
        // One newline at the end, however the last member closed.
        var text = _text.ToString().TrimEnd('\n');
        return text + "\n";
    }
}
