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

    [Theory]
    [InlineData("coder.example.com", "t", "coderUrl")]
    [InlineData("https://coder.example.com", " ", "coderToken")]
    public void Bad_requests_name_the_field(string url, string token, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => new StackRequest(url, token).ToConfig());
        Assert.StartsWith(field, error.Message);
    }
}
