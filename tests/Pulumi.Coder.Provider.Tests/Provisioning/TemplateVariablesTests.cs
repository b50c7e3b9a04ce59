using Coder.Client.Archives;
using Pulumi.Coder.Provider.Framework;
using Pulumi.Coder.Provider.Provisioning;

namespace Pulumi.Coder.Provider.Tests.Provisioning;

/// <summary>The variable values a version is pushed with, gathered as <c>coder templates push</c> gathers them.</summary>
public sealed class TemplateVariablesTests
{
    private static Dictionary<string, string> Resolve(IReadOnlyDictionary<string, string>? tfVars, params (string Path, string Content)[] files) =>
        TemplateVariables.Resolve([.. files.Select(f => TemplateFile.Text(f.Path, f.Content))], tfVars, "source")
            .ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public void Later_files_override_earlier_ones_and_tfVars_override_them_all()
    {
        var values = Resolve(new Dictionary<string, string> { ["region"] = "ap" },
            ("z.auto.tfvars", "size = \"xl\""),
            ("terraform.tfvars", "size = \"s\"\nimage = \"ubuntu\" # the base image\nregion = \"eu\"\nreplicas = 2\nenabled = true"),
            ("a.auto.tfvars.json", """{"size": "m", "ports": [80, 443]}"""),
            ("terraform.tfvars.json", """{"image": "debian"}"""));

        Assert.Equal("xl", values["size"]);
        Assert.Equal("debian", values["image"]);
        Assert.Equal("ap", values["region"]);
        Assert.Equal("2", values["replicas"]);
        Assert.Equal("true", values["enabled"]);
        Assert.Equal("[80, 443]", values["ports"]);
    }

    [Fact]
    public void A_value_the_provider_cannot_read_is_refused_naming_the_file_line_and_the_fix()
    {
        var error = Assert.Throws<TemplateSourceException>(() => Resolve(null, ("terraform.tfvars", "a = \"x\"\ntags = [\"a\", \"b\"]")));

        Assert.Contains("terraform.tfvars line 2", error.Message);
        Assert.Contains("tfVars", error.Message);
    }
}
