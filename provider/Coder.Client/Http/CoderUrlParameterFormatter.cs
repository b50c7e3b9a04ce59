using System.Reflection;
using Refit;

namespace Coder.Client.Http;

/// <summary>Writes booleans in queries as <c>true</c>/<c>false</c>, the spelling the swagger documents (Refit's
/// default writes .NET's <c>True</c>).</summary>
internal sealed class LowerCaseBooleanFormatter : IUrlParameterFormatter
{
    public string? Format(object? value, ICustomAttributeProvider attributeProvider, Type type) =>
        value is bool flag ? (flag ? "true" : "false") : value?.ToString();
}
