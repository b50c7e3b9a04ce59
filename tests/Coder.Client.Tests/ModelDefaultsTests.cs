using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Coder.Client.Serialization;

namespace Coder.Client.Tests;

/// <summary>
/// coderd leaves omitempty fields out of its answers (a user's empty name and avatar, a job's empty error, ...), and
/// a proxy or an older coderd may leave out more. A model read from a body without a field must hold the default the
/// model declares (<c>""</c>, an empty record, an empty list), never a null in a non-nullable property: every output
/// the provider's schema declares required is built from these.
/// </summary>
public sealed class ModelDefaultsTests
{
    /// <summary>Every object model the client reads: the context's types and every object type they contain,
    /// except request bodies with <c>required</c> fields (never read).</summary>
    public static TheoryData<string> Models()
    {
        var models = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(typeof(CoderJsonContext).GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!));
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type)) continue;
            var info = CoderJsonContext.Default.GetTypeInfo(type)!;
            if (info.ElementType is { } element) pending.Enqueue(element);
            if (info.Kind != JsonTypeInfoKind.Object) continue;
            foreach (var property in info.Properties) pending.Enqueue(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);
            if (!info.Properties.Any(p => p.IsRequired)) models.Add(type.FullName!);
        }
        return [.. models];
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_field_left_out_of_the_body_reads_as_the_models_default(string model)
    {
        var info = CoderJsonContext.Default.GetTypeInfo(typeof(CoderJsonContext).Assembly.GetType(model, throwOnError: true)!)!;
        var declared = Activator.CreateInstance(info.Type)!;

        var read = JsonSerializer.Deserialize("{}", info)!;

        // Serialized, so that lists compare by content; nulls are left out, so a lost default shows as a missing field.
        Assert.Equal(JsonSerializer.Serialize(declared, info), JsonSerializer.Serialize(read, info));
    }

    [Fact]
    public void A_user_without_name_and_avatar_reads_with_both_empty()
    {
        // What coderd writes for a user created without a name: name and avatar_url are omitempty in codersdk.User.
        var user = JsonSerializer.Deserialize("""
            {"id":"3a4ff5c6-52f0-4bd0-8d1c-6b1f4d1a9c10","username":"ada","email":"ada@example.com","status":"active",
             "login_type":"password","organization_ids":[],"roles":[]}
            """, CoderJsonContext.Default.User)!;

        Assert.Equal("", user.Name);
        Assert.Equal("", user.AvatarUrl);
        Assert.Equal("ada", user.Username);
    }
}
