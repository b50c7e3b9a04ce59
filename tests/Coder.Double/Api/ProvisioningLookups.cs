using Coder.Double.Infrastructure;
using Coder.Double.Model;

namespace Coder.Double.Api;

/// <summary>coderd's httpmw extractors for {template}, {templateversion}, {workspace} and {workspacebuild}. Callers hold the lock.</summary>
public static class ProvisioningLookups
{
    private static Found<T> Fail<T>(IResult error) where T : class => new(null, error);

    /// <summary>httpmw.ParseUUIDParam.</summary>
    public static (Guid Id, IResult? Error) ParseUuid(string? raw, string parameter)
    {
        if (string.IsNullOrEmpty(raw)) return (Guid.Empty, Reply.BadRequest("Missing UUID in URL.", $"\"{parameter}\" URL param missing"));
        return CoderRules.TryParseUuid(raw, out var id, out var error)
            ? (id, null)
            : (Guid.Empty, Reply.BadRequest($"Invalid UUID \"{raw}\".", error));
    }

    /// <summary>ExtractTemplateParam: a deleted template is not found.</summary>
    public static Found<TemplateRow> Template(DoubleState state, string? raw)
    {
        var (id, error) = ParseUuid(raw, "template");
        if (error is not null) return Fail<TemplateRow>(error);
        return state.TemplateById(id) is { Deleted: false } template ? template : Fail<TemplateRow>(Reply.NotFound());
    }

    public static Found<TemplateVersionRow> TemplateVersion(DoubleState state, string? raw)
    {
        var (id, error) = ParseUuid(raw, "templateversion");
        if (error is not null) return Fail<TemplateVersionRow>(error);
        return state.TemplateVersionById(id) is { } version ? version : Fail<TemplateVersionRow>(Reply.NotFound());
    }

    /// <summary>ExtractWorkspaceParam: deleted workspaces are found too (handlers decide what that means).</summary>
    public static Found<WorkspaceRow> Workspace(DoubleState state, string? raw)
    {
        var (id, error) = ParseUuid(raw, "workspace");
        if (error is not null) return Fail<WorkspaceRow>(error);
        return state.WorkspaceById(id) is { } workspace ? workspace : Fail<WorkspaceRow>(Reply.NotFound());
    }

    public static Found<WorkspaceBuildRow> WorkspaceBuild(DoubleState state, string? raw)
    {
        var (id, error) = ParseUuid(raw, "workspacebuild");
        if (error is not null) return Fail<WorkspaceBuildRow>(error);
        return state.WorkspaceBuildById(id) is { } build ? build : Fail<WorkspaceBuildRow>(Reply.NotFound());
    }
}
