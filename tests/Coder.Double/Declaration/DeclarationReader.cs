using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Coder.Double.Declaration;

/// <summary>
/// Reads coder-double.json (and README.md) from an uploaded template archive and applies the checks
/// terraform-provider-coder would apply at import. A problem becomes the import job's error, as a broken template
/// fails `terraform plan` in a real deployment.
/// </summary>
public static class DeclarationReader
{
    public const string FileName = "coder-double.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // A misspelt key should fail loudly rather than silently declare nothing.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static readonly IReadOnlyList<string> ParameterTypes = ["string", "number", "bool", "list(string)"];

    // terraform-provider-coder's form_type truth table: type → (options exist → allowed form types, first is default).
    private static readonly Dictionary<string, (string[] WithOptions, string[] WithoutOptions)> FormTypes = new(StringComparer.Ordinal)
    {
        ["string"] = (["radio", "dropdown"], ["input", "textarea"]),
        ["number"] = (["radio", "dropdown"], ["input", "slider"]),
        ["bool"] = (["radio", "dropdown"], ["checkbox", "switch"]),
        ["list(string)"] = (["radio", "multi-select"], ["tag-select"]),
    };

    /// <returns>The declaration, and the import error when the files declare something invalid.</returns>
    public static (TemplateDeclaration Declaration, string? Error) Read(byte[] tar)
    {
        string? json = null;
        var readme = "";
        try
        {
            using var reader = new TarReader(new MemoryStream(tar));
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (name == FileName) json = ReadText(entry.DataStream);
                else if (name == "README.md") readme = ReadText(entry.DataStream);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            return (TemplateDeclaration.Default(), $"read template archive: {e.Message}");
        }

        if (json is null) return (TemplateDeclaration.Default(readme), null);
        try
        {
            var file = JsonSerializer.Deserialize<FileDto>(json, Options) ?? new FileDto();
            return (Check(file, readme), null);
        }
        catch (JsonException e)
        {
            return (TemplateDeclaration.Default(readme), $"{FileName}: {e.Message}");
        }
        catch (DeclarationException e)
        {
            return (TemplateDeclaration.Default(readme), $"{FileName}: {e.Message}");
        }
    }

    private static string ReadText(Stream stream)
    {
        using var text = new StreamReader(stream, Encoding.UTF8);
        return text.ReadToEnd();
    }

    private sealed class DeclarationException(string message) : Exception(message);

    private static TemplateDeclaration Check(FileDto file, string readme)
    {
        var parameters = (file.Parameters ?? []).Select(CheckParameter).ToList();
        var duplicate = parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new DeclarationException($"coder_parameter names must be unique; \"{duplicate.Key}\" is declared twice");

        var variables = (file.Variables ?? []).Select(CheckVariable).ToList();
        var resources = file.Resources is null
            ? TemplateDeclaration.Default().Resources.ToList()
            : file.Resources.Select(CheckResource).ToList();

        return new TemplateDeclaration(parameters, variables, resources,
            CheckJob("import", file.Import), CheckJob("dry_run", file.DryRun), CheckJob("build", file.Build), readme);
    }

    private static ParameterDeclaration CheckParameter(ParameterDto p, int index)
    {
        if (string.IsNullOrEmpty(p.Name)) throw new DeclarationException($"parameters[{index}]: \"name\" is required");
        var where = $"parameter \"{p.Name}\"";
        var type = p.Type ?? "string";
        if (!ParameterTypes.Contains(type)) throw new DeclarationException($"{where}: type must be one of string, number, bool, list(string), not \"{type}\"");

        var options = (p.Options ?? []).Select((o, i) => new OptionDeclaration(
            o.Name ?? throw new DeclarationException($"{where}: options[{i}] needs a \"name\""),
            Text(o.Value) ?? throw new DeclarationException($"{where}: options[{i}] needs a \"value\""),
            o.Description ?? "", o.Icon ?? "")).ToList();

        var (withOptions, withoutOptions) = FormTypes[type];
        var allowedForms = options.Count > 0 ? withOptions : withoutOptions;
        var formType = string.IsNullOrEmpty(p.FormType) ? allowedForms[0] : p.FormType;
        if (!allowedForms.Contains(formType))
        {
            throw new DeclarationException($"{where}: \"form_type\" attribute=\"{formType}\" is not supported for \"type\"=\"{type}\"" +
                $"{(options.Count > 0 ? " when options exist" : "")}, choose one of [{string.Join(" ", allowedForms)}]");
        }
        // multi-select: the value is a list(string), each option value a string.
        var optionType = type == "list(string)" && formType == "multi-select" ? "string" : type;

        foreach (var group in options.GroupBy(o => o.Name).Where(g => g.Count() > 1))
        {
            throw new DeclarationException($"{where}: multiple options found with the same name \"{group.Key}\"");
        }
        foreach (var group in options.GroupBy(o => o.Value).Where(g => g.Count() > 1))
        {
            throw new DeclarationException($"{where}: multiple options found with the same value \"{group.Key}\"");
        }
        foreach (var option in options)
        {
            if (ParameterRules.TypeProblem(optionType, option.Value) is { } problem)
            {
                throw new DeclarationException($"{where}: option \"{option.Name}\" with value=\"{option.Value}\" is not of type \"{optionType}\": {problem}");
            }
        }

        ValidationDeclaration? validation = null;
        if (p.Validation is { } v)
        {
            validation = new ValidationDeclaration(v.Regex ?? "", v.Error ?? "", v.Min, v.Max, v.Monotonic ?? "");
            if (type != "number" && (v.Min is not null || v.Max is not null)) throw new DeclarationException($"{where}: a min or max cannot be specified for a {type} type");
            if (type != "number" && validation.Monotonic.Length > 0) throw new DeclarationException($"{where}: monotonic validation can only be specified for number types, not {type} types");
            if (type != "string" && validation.Regex.Length > 0) throw new DeclarationException($"{where}: a regex cannot be specified for a {type} type");
            if (validation.Monotonic is not ("" or "increasing" or "decreasing")) throw new DeclarationException($"{where}: number monotonicity can be either \"increasing\" or \"decreasing\"");
            if (validation.Regex.Length > 0)
            {
                if (validation.Error.Length == 0) throw new DeclarationException($"{where}: an error must be specified with a regex validation");
                try
                {
                    _ = new Regex(validation.Regex, RegexOptions.None, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    throw new DeclarationException($"{where}: invalid regex \"{validation.Regex}\": {e.Message}");
                }
            }
        }

        var defaultValue = Text(p.Default);
        if (defaultValue is not null)
        {
            if (ParameterRules.TypeProblem(type, defaultValue) is { } problem) throw new DeclarationException($"{where}: default value: {problem}");
            if (options.Count > 0 && optionType == type && options.All(o => o.Value != defaultValue))
            {
                throw new DeclarationException($"{where}: default value \"{defaultValue}\" must be defined as one of options");
            }
        }
        var ephemeral = p.Ephemeral ?? false;
        var mutable = p.Mutable ?? false;
        if (ephemeral && !mutable) throw new DeclarationException($"{where}: parameter can't be immutable and ephemeral");
        if (ephemeral && defaultValue is null) throw new DeclarationException($"{where}: ephemeral parameter requires the default property");

        return new ParameterDeclaration(p.Name, p.DisplayName ?? "", p.Description ?? "", type, formType, defaultValue, mutable, ephemeral,
            p.Icon ?? "", p.Order ?? 0, options, validation);
    }

    private static VariableDeclaration CheckVariable(VariableDto v, int index)
    {
        if (string.IsNullOrEmpty(v.Name)) throw new DeclarationException($"variables[{index}]: \"name\" is required");
        var type = v.Type ?? "string";
        if (type is not ("string" or "number" or "bool")) throw new DeclarationException($"variable \"{v.Name}\": type must be string, number or bool");
        return new VariableDeclaration(v.Name, v.Description ?? "", type, Text(v.Default), v.Sensitive ?? false);
    }

    private static ResourceDeclaration CheckResource(ResourceDto r, int index)
    {
        if (string.IsNullOrEmpty(r.Name) || string.IsNullOrEmpty(r.Type)) throw new DeclarationException($"resources[{index}]: \"name\" and \"type\" are required");
        var agents = (r.Agents ?? []).Select((a, i) => new AgentDeclaration(
            string.IsNullOrEmpty(a.Name) ? throw new DeclarationException($"resource \"{r.Name}\": agents[{i}] needs a \"name\"") : a.Name,
            a.OperatingSystem ?? "linux", a.Architecture ?? "amd64", a.Directory ?? "",
            a.Env ?? new Dictionary<string, string>())).ToList();
        var metadata = (r.Metadata ?? []).Select(m => (m.Key ?? "", Text(m.Value) ?? "", m.Sensitive ?? false)).ToList();
        return new ResourceDeclaration(r.Name, r.Type, r.Icon ?? "", r.Hide ?? false, r.DailyCost ?? 0, r.Persistent ?? false, metadata, agents);
    }

    private static JobDeclaration CheckJob(string what, JobDto? job)
    {
        if (job is null) return JobDeclaration.Plain;
        if (job.DurationMs is < 0) throw new DeclarationException($"{what}: duration_ms cannot be negative");
        FailureDeclaration? failure = null;
        if (job.Fail is { } f)
        {
            var transitions = f.Transitions ?? [];
            if (transitions.Any(t => t is not ("start" or "stop" or "delete"))) throw new DeclarationException($"{what}: fail.transitions may only list start, stop and delete");
            failure = new FailureDeclaration(string.IsNullOrEmpty(f.Error) ? "terraform apply: exit status 1" : f.Error, f.ErrorCode ?? "", f.Logs ?? [], transitions);
        }
        return new JobDeclaration(job.DurationMs, job.Logs ?? [], failure);
    }

    /// <summary>A value written as a JSON string, number, bool or (for list(string)) array, as the string coderd stores.</summary>
    private static string? Text(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        { } other => other.GetRawText(),
    };

    // ---- the file as written ----

    private sealed record FileDto(
        List<ParameterDto>? Parameters = null,
        List<VariableDto>? Variables = null,
        List<ResourceDto>? Resources = null,
        JobDto? Import = null,
        JobDto? DryRun = null,
        JobDto? Build = null);

    private sealed record ParameterDto(
        string? Name = null,
        string? DisplayName = null,
        string? Description = null,
        string? Type = null,
        string? FormType = null,
        JsonElement? Default = null,
        bool? Mutable = null,
        bool? Ephemeral = null,
        string? Icon = null,
        int? Order = null,
        List<OptionDto>? Options = null,
        ValidationDto? Validation = null);

    private sealed record OptionDto(string? Name = null, JsonElement? Value = null, string? Description = null, string? Icon = null);

    private sealed record ValidationDto(string? Regex = null, string? Error = null, int? Min = null, int? Max = null, string? Monotonic = null);

    private sealed record VariableDto(string? Name = null, string? Description = null, string? Type = null, JsonElement? Default = null, bool? Sensitive = null);

    private sealed record ResourceDto(
        string? Name = null,
        string? Type = null,
        string? Icon = null,
        bool? Hide = null,
        int? DailyCost = null,
        bool? Persistent = null,
        List<MetadataDto>? Metadata = null,
        List<AgentDto>? Agents = null);

    private sealed record MetadataDto(string? Key = null, JsonElement? Value = null, bool? Sensitive = null);

    private sealed record AgentDto(string? Name = null, string? OperatingSystem = null, string? Architecture = null, string? Directory = null, Dictionary<string, string>? Env = null);

    private sealed record JobDto(int? DurationMs = null, List<string>? Logs = null, FailDto? Fail = null);

    private sealed record FailDto(string? Error = null, string? ErrorCode = null, List<string>? Logs = null, List<string>? Transitions = null);
}
