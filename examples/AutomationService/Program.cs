using AutomationService;
using Pulumi.Automation;

// POST /stacks/{stack}/preview | /up | /destroy with {"coderUrl": "...", "coderToken": "..."}: runs the platform
// program in-process through the Automation API and answers with the result and the engine's output.
// POST /teams/{team}/templates with {"coderUrl", "coderToken", "folder", "message"?}: pushes the team's templates
// (stack "templates-<team>" of the team-templates program) and answers with each template's id and active version.
var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();

app.MapPost("/stacks/{stack}/{operation}", async (string stack, string operation, StackRequest request, CancellationToken ct) =>
{
    if (operation is not ("preview" or "up" or "destroy"))
        return Results.BadRequest(new { message = $"unknown operation \"{operation}\"; use preview, up or destroy" });
    IDictionary<string, ConfigValue> config;
    try
    {
        config = request.ToConfig();
    }
    catch (ArgumentException e)
    {
        return Results.BadRequest(new { message = e.Message });
    }

    var program = PulumiFn.Create(PlatformStack.Platform.Define);
    using var workspace = await LocalWorkspace.CreateOrSelectStackAsync(new InlineProgramArgs("platform", stack, program), ct);
    await workspace.SetAllConfigAsync(config, cancellationToken: ct);
    var log = new List<string>();
    switch (operation)
    {
        case "preview":
            var preview = await workspace.PreviewAsync(new PreviewOptions { OnStandardOutput = log.Add }, ct);
            return Results.Ok(new { changes = preview.ChangeSummary, log });
        case "up":
            var up = await workspace.UpAsync(new UpOptions { OnStandardOutput = log.Add }, ct);
            return Results.Ok(new { up.Summary.Result, outputs = up.Outputs.ToDictionary(o => o.Key, o => o.Value.IsSecret ? "[secret]" : o.Value.Value), log });
        default:
            var destroy = await workspace.DestroyAsync(new DestroyOptions { OnStandardOutput = log.Add }, ct);
            return Results.Ok(new { destroy.Summary.Result, log });
    }
});

app.MapPost("/teams/{team}/templates", async (string team, TeamTemplatesRequest request, CancellationToken ct) =>
{
    IDictionary<string, ConfigValue> config;
    try
    {
        config = request.ToConfig(team);
    }
    catch (ArgumentException e)
    {
        return Results.BadRequest(new { message = e.Message });
    }

    var program = PulumiFn.Create(PlatformStack.TeamTemplates.Define);
    using var workspace = await LocalWorkspace.CreateOrSelectStackAsync(new InlineProgramArgs("team-templates", $"templates-{team}", program), ct);
    await workspace.SetAllConfigAsync(config, cancellationToken: ct);
    var log = new List<string>();
    var up = await workspace.UpAsync(new UpOptions { OnStandardOutput = log.Add }, ct);
    return Results.Ok(new { up.Summary.Result, templates = up.Outputs.GetValueOrDefault("templates")?.Value, log });
});

app.Run();
