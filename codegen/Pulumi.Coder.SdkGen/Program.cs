using Pulumi.Coder.SdkGen;
using Pulumi.Coder.SdkGen.Schema;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Pulumi.Coder.SdkGen <schema.json> <sdk folder>");
    return 2;
}

try
{
    var schema = PackageSpec.Parse(await File.ReadAllTextAsync(args[0]));
    var files = SdkGenerator.Generate(schema);
    var (written, deleted) = await SdkWriter.WriteAsync(args[1], files, SdkGenerator.Assets, CancellationToken.None);
    foreach (var path in written) Console.WriteLine($"wrote   {path}");
    foreach (var path in deleted) Console.WriteLine($"deleted {path}");
    Console.WriteLine($"{files.Count + SdkGenerator.Assets.Count} files in {args[1]} ({written.Count} written, {deleted.Count} deleted)");
    return 0;
}
catch (Exception error) when (error is NotSupportedException or InvalidDataException or System.Text.Json.JsonException
                                  or InvalidOperationException or IOException)
{
    Console.Error.WriteLine($"sdkgen: {error.Message}");
    return 1;
}
