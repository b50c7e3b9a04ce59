namespace Coder.Double.Tests;

/// <summary>
/// One double (fast jobs, no file rate limit) shared by the tests of a class and reset before each of them: starting a
/// web host per test costs more than the tests themselves. Tests of one class run one after another.
/// </summary>
public sealed class ProvisioningFixture : IAsyncLifetime
{
    private DoubleScope? _scope;

    public async Task InitializeAsync() => _scope = await Provisioning.StartAsync();

    public async Task DisposeAsync()
    {
        if (_scope is not null) await _scope.DisposeAsync();
    }

    /// <summary>The shared double, back in its seeded state.</summary>
    public DoubleScope Fresh()
    {
        _scope!.Coder.Control.Reset();
        return _scope;
    }
}
