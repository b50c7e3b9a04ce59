namespace Pulumi.Coder.Provider.Tests.Reliability;

/// <summary>Tests whose assertions are timings (Cancel within 2 s, exit within the engine's 5 s grace, a load round
/// within its bound): xunit runs this collection alone, after the parallel ones, so other tests' plugins and doubles
/// do not compete for the CPU they are timed on.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedCollection
{
    public const string Name = "reliability timings (run alone)";
}
