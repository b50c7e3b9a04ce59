using System.Net;
using System.Text;
using Coder.Client.Errors;

namespace Pulumi.Coder.Provider.Tests.Resources;

/// <summary>Coder API failures made the way the client makes them: from a coderd-shaped response.</summary>
internal static class CoderErrors
{
    public static CoderApiException Status(HttpStatusCode status, string message, string path = "/api/v2/test")
    {
        var response = new HttpResponseMessage(status)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, new Uri("https://coder.example.com" + path)),
            Content = new StringContent($$"""{"message":"{{message}}"}""", Encoding.UTF8, "application/json"),
        };
        return (CoderApiException)new CoderErrorMapper(sessionToken: null).FromResponseAsync(response).AsTask().GetAwaiter().GetResult()!;
    }
}
