using Coder.Client.Models;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Validation;

// TEMPORARY stub until helper h2's rules land (same file name: take theirs).
public static class WorkspaceParameterRules
{
    public static IReadOnlyList<CheckFailure> Check(IReadOnlyList<TemplateVersionParameter> declared, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string>? previousValues, string versionName) => [];
}
