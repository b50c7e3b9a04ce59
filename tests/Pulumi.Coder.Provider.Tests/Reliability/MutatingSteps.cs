using System.Text.RegularExpressions;
using Coder.Double.Control;

namespace Pulumi.Coder.Provider.Tests.Reliability;

public enum Phase { Create, Update, Delete }

/// <summary>One mutating Coder call of an operation: the <see cref="Nth"/> call of <see cref="Method"/> on paths of
/// the shape <see cref="Path"/> (ids replaced by <c>*</c>) during <see cref="Phase"/>.</summary>
public sealed record MutatingStep(Phase Phase, string Method, string Path, int Nth)
{
    public override string ToString() => $"{Phase.ToString().ToLowerInvariant()} {Method} {Path}" + (Nth > 1 ? $" (call {Nth})" : "");
}

public static partial class MutatingSteps
{
    /// <summary>The mutating calls (anything but GET) of one clean operation, in the order they were made.</summary>
    public static IReadOnlyList<MutatingStep> From(Phase phase, IEnumerable<RecordedExchange> exchanges)
    {
        var steps = new List<MutatingStep>();
        foreach (var exchange in exchanges.Where(e => e.Method != "GET"))
        {
            var path = Shape(exchange.Path);
            var nth = steps.Count(s => s.Method == exchange.Method && s.Path == path) + 1;
            steps.Add(new MutatingStep(phase, exchange.Method, path, nth));
        }
        return steps;
    }

    /// <summary>The path with every id segment replaced by the fault rules' one-segment wildcard, so that a rule matches
    /// the same call in a later run, where the ids differ.</summary>
    public static string Shape(string path) => string.Join('/', path.Split('/').Select(s => Uuid().IsMatch(s) ? "*" : s));

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid();
}

/// <summary>The faults injected on each mutating call.</summary>
public enum Fault
{
    /// <summary>coderd answers 500 without acting.</summary>
    ServerError,

    /// <summary>The connection is reset before coderd sees the call.</summary>
    ResetBeforeResponse,

    /// <summary>coderd acts on the call and commits, then the connection is reset before the answer arrives.</summary>
    ResetAfterCommit,

    /// <summary>coderd does not answer within the resource's custom timeout.</summary>
    Timeout,
}

public static class Faults
{
    /// <summary>How long a hung call hangs: far beyond the operation's custom timeout in <see cref="FaultMatrix"/>.</summary>
    public const int HangMs = 30_000;

    public static FaultRule Rule(MutatingStep step, Fault fault) => fault switch
    {
        Fault.ServerError => new FaultRule(step.Path, step.Method, step.Nth, Status: 500),
        Fault.ResetBeforeResponse => new FaultRule(step.Path, step.Method, step.Nth, Drop: true),
        Fault.ResetAfterCommit => new FaultRule(step.Path, step.Method, step.Nth, DropAfterCommit: true),
        Fault.Timeout => new FaultRule(step.Path, step.Method, step.Nth, DelayMs: HangMs),
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };
}
