using Pulumi.Experimental.Provider;

// The floor the plugin's start-up and first calls are measured against: the same framework, no resources. It answers
// the calls `pulumi preview` makes first with the least work each can take.
await Provider.Serve(args, "0.0.1", _ => new EmptyProvider(), CancellationToken.None);

internal sealed class EmptyProvider : Provider
{
    public override Task<GetSchemaResponse> GetSchema(GetSchemaRequest request, CancellationToken ct) =>
        Task.FromResult(new GetSchemaResponse { Schema = """{"name":"empty","version":"0.0.1"}""" });

    public override Task<CheckResponse> CheckConfig(CheckRequest request, CancellationToken ct) =>
        Task.FromResult(new CheckResponse { Inputs = request.NewInputs });

    public override Task<ConfigureResponse> Configure(ConfigureRequest request, CancellationToken ct) =>
        Task.FromResult(new ConfigureResponse { AcceptSecrets = true, SupportsPreview = true });

    public override Task<CheckResponse> Check(CheckRequest request, CancellationToken ct) =>
        Task.FromResult(new CheckResponse { Inputs = request.NewInputs });
}
