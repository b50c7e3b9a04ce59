using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;

namespace Pulumi.Coder.Provider.Framework;

/// <summary>Applies declared defaults and rules to a program's inputs, before any API call. Every failure names the
/// property path, what is wrong and how to fix it; values of secret properties are never echoed, and come back marked
/// secret however the program sent them.</summary>
public static class InputChecker
{
    public sealed record Result(ImmutableDictionary<string, PropertyValue> Inputs, IReadOnlyList<CheckFailure> Failures);

    public static Result Check(ObjectShape shape, IReadOnlyDictionary<string, PropertyValue> news, string owner)
    {
        var failures = new List<CheckFailure>();
        var inputs = news.ToImmutableDictionary().ToBuilder();
        foreach (var name in news.Keys.Where(n => shape.Find(n) is null).Order(StringComparer.Ordinal))
        {
            failures.Add(new CheckFailure(name,
                $"{name} is not a property of {owner}; the properties are: {string.Join(", ", shape.Properties.Select(p => p.Name))}"));
        }
        foreach (var property in shape.Properties)
        {
            if (!news.TryGetValue(property.Name, out var value) || value.IsNull)
            {
                if (property.Default is not null)
                    inputs[property.Name] = MarkSecrets(PropertyMapper.WriteValue(property.Default, property.Shape), property);
                else if (property.IsRequired)
                    failures.Add(new CheckFailure(property.Name, $"{property.Name} is required: {property.Description}"));
                continue;
            }
            failures.AddRange(CheckValue(property, value, property.Name));
            inputs[property.Name] = MarkSecrets(value, property);
        }
        return new Result(inputs.ToImmutable(), failures);
    }

    /// <summary>
    /// The values with every <c>[Secret]</c> property, at any depth, marked secret. Only the generated .NET SDK wraps a
    /// secret input itself; YAML programs, other languages' SDKs and stack config may send a password or token as a
    /// plain value, and the engine keeps the inputs Check returns in state as they are.
    /// </summary>
    public static ImmutableDictionary<string, PropertyValue> MarkSecrets(ObjectShape shape, IReadOnlyDictionary<string, PropertyValue> values) =>
        values.ToImmutableDictionary(kv => kv.Key, kv => shape.Find(kv.Key) is { } property ? MarkSecrets(kv.Value, property) : kv.Value);

    private static PropertyValue MarkSecrets(PropertyValue value, PropertyDescriptor property)
    {
        var marked = MarkNestedSecrets(value, property.Shape);
        // A value not known yet stays a plain unknown, as the engine sends it; it is checked again once known.
        return property.IsSecret && !marked.IsNull && !marked.IsComputed && !marked.IsSecret ? marked.WithSecret(true) : marked;
    }

    private static PropertyValue MarkNestedSecrets(PropertyValue value, PropertyShape shape)
    {
        PropertyValue rebuilt;
        if (shape is ListShape list && value.TryGetArray(out var items))
            rebuilt = new PropertyValue(items.Select(item => MarkNestedSecrets(item, list.Element)).ToImmutableArray());
        else if (shape is MapShape map && value.TryGetMap(out var entries))
            rebuilt = new PropertyValue(entries.ToImmutableDictionary(e => e.Key, e => MarkNestedSecrets(e.Value, map.Value)));
        else if (shape is ObjectShape obj && value.TryGetMap(out var fields))
            rebuilt = new PropertyValue(MarkSecrets(obj, fields));
        else
            return value;
        // The container keeps its own secret marker and the resources it depends on.
        rebuilt = rebuilt.WithSecret(value.IsSecret);
        return value.Dependencies is { IsEmpty: false } dependencies ? rebuilt.WithDependencies(dependencies) : rebuilt;
    }

    private static IEnumerable<CheckFailure> CheckValue(PropertyDescriptor property, PropertyValue value, string path)
    {
        if (PropertyMapper.ContainsUnknown(value)) yield break; // checked again once known
        object? typed;
        string? mappingError = null;
        try
        {
            typed = PropertyMapper.ReadValue(value, property.Shape, path);
        }
        catch (PropertyMappingException e)
        {
            typed = null;
            mappingError = e.Message;
        }
        if (mappingError is not null)
        {
            yield return new CheckFailure(path, mappingError);
            yield break;
        }
        foreach (var failure in ApplyRules(property, typed, path, secret: property.IsSecret || PropertyMapper.ContainsSecret(value)))
            yield return failure;
        if (property.Shape is ObjectShape obj)
        {
            foreach (var failure in CheckFields(obj, value, path)) yield return failure;
        }
        else if (property.Shape is ListShape { Element: ObjectShape element } && value.TryGetArray(out var items))
        {
            for (var i = 0; i < items.Length; i++)
                foreach (var failure in CheckFields(element, items[i], $"{path}[{i}]")) yield return failure;
        }
    }

    private static IEnumerable<CheckFailure> CheckFields(ObjectShape shape, PropertyValue value, string path)
    {
        if (!value.TryGetMap(out var fields)) yield break;
        foreach (var nested in shape.Properties)
        {
            var nestedPath = $"{path}.{nested.Name}";
            if (fields.TryGetValue(nested.Name, out var nestedValue) && !nestedValue.IsNull)
            {
                foreach (var failure in CheckValue(nested, nestedValue, nestedPath)) yield return failure;
            }
            else if (nested.IsRequired)
            {
                yield return new CheckFailure(nestedPath, $"{nestedPath} is required: {nested.Description}");
            }
        }
    }

    private const int ShownLength = 80;

    private static string Shortened(string text) => text.Length <= ShownLength ? text : text[..ShownLength] + "…";

    private static IEnumerable<CheckFailure> ApplyRules(PropertyDescriptor property, object? value, string path, bool secret)
    {
        foreach (var rule in property.Rules)
        {
            var context = new ValidationContext(value ?? new object(), path, serviceProvider: null, items: null) { MemberName = path };
            var result = rule.GetValidationResult(value, context);
            if (result is null || result == ValidationResult.Success) continue;
            // The value is shown unless it is secret or the rule already said what it got (a length, a number).
            var shown = !secret && value is string text && result.ErrorMessage?.Contains("(got ", StringComparison.Ordinal) != true
                ? $" (got \"{Shortened(text)}\")" : "";
            yield return new CheckFailure(path, $"{path}: {result.ErrorMessage}{shown}");
        }
    }
}
