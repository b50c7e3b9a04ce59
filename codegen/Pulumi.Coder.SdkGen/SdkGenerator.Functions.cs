using Pulumi.Coder.SdkGen.Schema;

namespace Pulumi.Coder.SdkGen;

// Functions (invokes): a static class with InvokeAsync (plain arguments) and Invoke (Input arguments, Output result).
internal sealed partial class SdkGenerator
{
    private void EmitFunction(string tokenText, FunctionSpec function)
    {
        if (function.DeprecationMessage is not null) throw new NotSupportedException($"{tokenText}: deprecated functions");
        if (function.MultiArgumentInputs) throw new NotSupportedException($"{tokenText}: multi-argument inputs");
        if (function.IsOverlay) throw new NotSupportedException($"{tokenText}: overlay functions");
        if (function.Outputs is not { Type: "object" } outputs)
            throw new NotSupportedException($"{tokenText}: functions without an object result");
        var token = Token.Parse(tokenText);
        var module = ModuleOf(token);
        var className = CSharp.Pascal(token.Name);
        var resultClass = className + "Result";
        var inputs = function.Inputs is { Properties.Count: > 0 } i ? i : null;
        var argsClass = className + "Args";
        var invokeArgsClass = className + "InvokeArgs";
        var argsOptional = inputs is null || inputs.Required.Count == 0;
        var tokenLiteral = CSharp.String(tokenText);

        var w = StartFile(module.Namespace);
        w.Open($"public static class {className}");
        string Parameters(string argsType, string optionsType, bool optionsOptional) => inputs is null
            ? $"{optionsType}{(optionsOptional ? "? options = null" : " options")}"
            : argsOptional && optionsOptional
                ? $"{argsType}? args = null, {optionsType}? options = null"
                : $"{argsType}{(argsOptional ? "?" : "")} args, {optionsType}{(optionsOptional ? "?" : "")} options{(optionsOptional ? " = null" : "")}";
        string Arguments(string argsType) => inputs is null ? "InvokeArgs.Empty" : $"args ?? new {argsType}()";

        w.Summary(function.Description);
        w.Line($"public static Task<{resultClass}> InvokeAsync({Parameters(argsClass, "InvokeOptions", true)})");
        w.Line($"    => global::Pulumi.Deployment.Instance.InvokeAsync<{resultClass}>({tokenLiteral}, {Arguments(argsClass)}, options.WithDefaults());");
        w.Line();
        w.Summary(function.Description);
        w.Line($"public static Output<{resultClass}> Invoke({Parameters(invokeArgsClass, "InvokeOptions", true)})");
        w.Line($"    => global::Pulumi.Deployment.Instance.Invoke<{resultClass}>({tokenLiteral}, {Arguments(invokeArgsClass)}, options.WithDefaults());");
        w.Line();
        w.Summary(function.Description);
        w.Line($"public static Output<{resultClass}> Invoke({Parameters(invokeArgsClass, "InvokeOutputOptions", false)})");
        w.Line($"    => global::Pulumi.Deployment.Instance.Invoke<{resultClass}>({tokenLiteral}, {Arguments(invokeArgsClass)}, options.WithDefaults());");
        w.Close();

        if (inputs is not null)
        {
            w.Line();
            w.Summary($"The arguments of {className}.InvokeAsync.");
            w.Open($"public sealed class {argsClass} : global::Pulumi.InvokeArgs");
            PlainClassBody(w, argsClass, inputs, inputs.Required, module, tokenText + ".inputs");
            w.Close();
            w.Line();
            w.Summary($"The arguments of {className}.Invoke.");
            w.Open($"public sealed class {invokeArgsClass} : global::Pulumi.InvokeArgs");
            InputClassBody(w, invokeArgsClass, inputs, inputs.Required, Shape.InvokeArgs, module, tokenText + ".inputs");
            w.Close();
        }

        w.Line();
        w.Summary(outputs.Description);
        w.Line("[OutputType]");
        w.Open($"public sealed class {resultClass}");
        OutputClassBody(w, resultClass, outputs, module, tokenText + ".outputs");
        w.Close();
        FinishFile(w, $"{module.Folder}{className}.cs");
    }
}
