namespace Pulumi.Coder.Provider.Framework;

// Descriptions come from System.ComponentModel.DescriptionAttribute and defaults from DefaultValueAttribute;
// validation rules are System.ComponentModel.DataAnnotations.ValidationAttribute subclasses. The attributes below
// carry what only Pulumi knows about a property or type.

/// <summary>Names a resource, function or object type in the package: the part after <c>coder:index:</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PulumiTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Overrides the camelCase property name derived from the C# property name.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PulumiNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>A change to this input replaces the resource instead of updating it.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ReplaceOnChangesAttribute : Attribute;

/// <summary>The value is always a secret in outputs and state, and marked secret in the schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>
/// Coder accepts the value but never returns it (a password). It is never an output; the engine keeps it (as a
/// secret) with the inputs, a refresh reports what the program last set, and it is compared only with that.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WriteOnlyAttribute : Attribute;

/// <summary>
/// Optional as an input, yet always present as an output: when the program leaves it unset, Coder or the provider
/// fills it in (the default organization's id, an empty display name). The schema lists it as a required output, so
/// the SDK's output is not nullable.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AlwaysOutputAttribute : Attribute;

/// <summary>Environment variables consulted, in order, when the value is not set (provider configuration).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EnvironmentDefaultAttribute(params string[] variables) : Attribute
{
    public IReadOnlyList<string> Variables { get; } = variables;
}

/// <summary>
/// Coder sets this in a step after the object exists (a group's members), so an object found after a lost create
/// may lack it: adopting that object does not require it to match, and the adoption finishes it with an update.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AppliedAfterCreateAttribute : Attribute;

/// <summary>
/// Computed by the resource at Check from other inputs (the digest of an archive's content), not set by the program:
/// it is not an input in the schema, it is kept with the checked inputs so that Diff can compare it, and it is an
/// output. Check replaces any value it is given when it can compute one, and keeps it otherwise (an import reports
/// the digest of what Coder has, before the program names a source).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DerivedAttribute : Attribute;

/// <summary>
/// Diff compares this input through the <see cref="DerivedAttribute"/> property named here: the engine keeps an
/// archive as the program wrote it (a path, a set of assets), not its content, so only a digest taken at Check shows
/// whether it changed.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ComparedByAttribute(string derivedProperty) : Attribute
{
    public string DerivedProperty { get; } = derivedProperty;
}

/// <summary>
/// Coder keeps this property unique (with the resource's other such properties: a workspace's owner and name). A
/// replacement that keeps the key would clash with the old object, so it deletes the old one first (showing the
/// resource's <c>DeleteBeforeReplaceWarning</c> in the preview); one that changes the key creates the new one first.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class UniqueKeyAttribute : Attribute;

/// <summary>
/// A map of which the program manages only the keys it sets (a workspace's parameters): Coder's other entries (the
/// defaults it filled in) are outputs but never reported as inputs, so they show no diff; a key the program stops
/// setting is no longer managed (its value stays as it is on Coder).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PartialMapAttribute : Attribute;

/// <summary>
/// A change of this map's value under a key listed in the <see cref="DerivedAttribute"/> list property named here
/// (the parameters a template declares immutable) replaces the resource; changes under other keys update it. The diff
/// names each changed key.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ReplaceOnChangesOfKeysInAttribute(string derivedListProperty) : Attribute
{
    public string DerivedListProperty { get; } = derivedListProperty;
}
