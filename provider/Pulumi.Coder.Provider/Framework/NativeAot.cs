namespace Pulumi.Coder.Provider.Framework;

/// <summary>
/// Why the framework's reflection is safe in the NativeAOT build of the plugin (linux-x64 releases): the justification
/// of each warning the trimming and AOT analysers raise on it, in one place. The AOT suite of `make test` runs the
/// end-to-end tests against that build.
/// </summary>
internal static class NativeAot
{
    /// <summary>Resource and function records are read and built through their properties and parameterless
    /// constructors; the project file keeps the plugin's and the Coder client's assemblies whole
    /// (<c>TrimmerRootAssembly</c>), so none of them is trimmed away.</summary>
    public const string ShapesAreRooted =
        "The plugin's own assemblies are rooted (TrimmerRootAssembly): every record keeps its properties and constructors.";

    /// <summary>Lists, sets and maps of inputs and outputs hold strings and records only, whose generic instantiations
    /// share the one canonical native body NativeAOT always has.</summary>
    public const string ReferenceTypeCollections =
        "Collections of inputs and outputs hold reference types only (strings, records), served by the shared canonical code.";
}
