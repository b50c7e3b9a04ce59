using Pulumi.Coder.Provider.Hosting;

namespace Pulumi.Coder.Provider.Framework;

/// <summary>
/// The ids a resource's Read takes: its Coder id (a UUID), or, for <c>pulumi import</c>, the two names that find it
/// (<c>&lt;organization-name&gt;/&lt;group-name&gt;</c>, <c>&lt;owner&gt;/&lt;workspace-name&gt;</c>). An id by
/// names that finds nothing is an error (the user asked to import something that is not there); an id that is
/// neither form is an error saying which forms there are.
/// </summary>
/// <param name="Kind">What the id names, as in "a group id".</param>
/// <param name="PathForm">The names form, with an example where it helps.</param>
/// <param name="ValidScope">Whether the first name is acceptable (a template version's is a template id).</param>
public sealed record ImportIds(string Kind, string PathForm, Func<string, bool>? ValidScope = null)
{
    public async Task<T?> ReadAsync<T>(string id, Func<Guid, Task<T?>> byId, Func<string, string, Task<T?>> byNames,
        Func<string, string, string> notFound) where T : class
    {
        if (Guid.TryParse(id, out var guid)) return await byId(guid);
        if (id.Split('/') is [var scope, var name] && scope.Length > 0 && name.Length > 0 && (ValidScope?.Invoke(scope) ?? true))
            return await byNames(scope, name) ?? throw new ProviderException(notFound(scope, name));
        throw new ProviderException($"\"{id}\" is not a {Kind} id: use the {Kind}'s id (a UUID) or {PathForm}.");
    }
}
