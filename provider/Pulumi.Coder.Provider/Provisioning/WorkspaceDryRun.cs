using Coder.Client.Errors;
using Coder.Client.Jobs;
using Coder.Client.Models;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Hosting;

namespace Pulumi.Coder.Provider.Provisioning;

/// <summary>
/// What a workspace build would make, shown in a preview: Coder's dry run of the template version with the
/// workspace's parameters (a Terraform plan, nothing is created), its resources as engine messages on the workspace.
/// A preview never fails or waits long because of it: a dry run that is refused, fails or takes longer than its bound
/// is cancelled and noted, and the preview goes on.
/// </summary>
public static class WorkspaceDryRun
{
    public static async Task ShowAsync(ResourceContext context, Guid versionId, string workspaceName,
        IReadOnlyDictionary<string, string> parameters, TimeSpan bound, CancellationToken ct)
    {
        var client = context.Session.Client;
        var skipped = "the preview goes on without Coder's dry run of the build";
        try
        {
            var job = await client.TemplateVersions.CreateDryRunAsync(versionId, new CreateTemplateVersionDryRunRequest
            {
                WorkspaceName = workspaceName,
                RichParameterValues = [.. parameters.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => new WorkspaceBuildParameter { Name = p.Key, Value = p.Value })],
            }, ct);
            await ProvisionerJobs.WaitAsync(context, ProvisionerJobSource.TemplateVersionDryRun(client, versionId, job.Id), bound, ct);
            var resources = await client.TemplateVersions.GetDryRunResourcesAsync(versionId, job.Id, ct);
            await context.InfoAsync(Describe(resources));
        }
        catch (ProviderException) when (!ct.IsCancellationRequested)
        {
            // The waiter's own time limit: it has cancelled the dry run on Coder.
            await context.InfoAsync($"{skipped}: it did not finish within {bound.TotalSeconds:0} s and was cancelled.");
        }
        catch (ProvisionerJobFailedException failure)
        {
            await context.InfoAsync($"{skipped}: it failed. {failure.Message}");
        }
        catch (CoderApiException failure)
        {
            await context.InfoAsync($"{skipped}: Coder refused it ({failure.Message}).");
        }
    }

    private static string Describe(IReadOnlyList<WorkspaceResource> resources)
    {
        var made = resources.Where(r => r.WorkspaceTransition is "" or WorkspaceTransition.Start).ToList();
        if (made.Count == 0) return "Coder's dry run: a build would make no resources.";
        var lines = made.Select(r =>
        {
            var agents = (r.Agents ?? []).Select(a => $"agent {a.Name} ({a.OperatingSystem}/{a.Architecture})").ToList();
            return $"  + {r.Type}.{r.Name}" + (agents.Count > 0 ? $" with {string.Join(", ", agents)}" : "");
        });
        return $"Coder's dry run: a build would make {made.Count} resource{(made.Count == 1 ? "" : "s")}:\n{string.Join("\n", lines)}";
    }
}
