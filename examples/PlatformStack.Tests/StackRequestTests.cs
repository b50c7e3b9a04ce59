using AutomationService;

namespace PlatformStack.Tests;

public class StackRequestTests
{
    [Fact]
    public void The_token_becomes_secret_stack_configuration()
    {
        var config = new StackRequest("https://coder.example.com", "tok-en", ["ada"]).ToConfig();

        Assert.True(config["coder:token"].IsSecret);
        Assert.False(config["coder:url"].IsSecret);
        Assert.Equal("[\"ada\"]", config["platform:developers"].Value);
    }

    [Fact]
    public void The_program_reads_the_template_folders_shipped_beside_the_service_wherever_it_was_started()
    {
        var config = new StackRequest("https://coder.example.com", "tok-en").ToConfig();

        var folder = config["platform:templatesFolder"].Value;
        Assert.True(Path.IsPathRooted(folder), folder);
        Assert.True(File.Exists(Path.Combine(folder, "docker", "main.tf")), $"{folder}/docker/main.tf is missing");
        Assert.True(File.Exists(Path.Combine(folder, "docker-next", "main.tf")), $"{folder}/docker-next/main.tf is missing");
    }

    [Theory]
    [InlineData("coder.example.com", "t", "coderUrl")]
    [InlineData("https://coder.example.com", " ", "coderToken")]
    public void Bad_requests_name_the_field(string url, string token, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => new StackRequest(url, token).ToConfig());
        Assert.StartsWith(field, error.Message);
    }
}
