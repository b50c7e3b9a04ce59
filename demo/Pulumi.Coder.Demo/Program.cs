using Pulumi.Coder.Demo;

// The whole product in under a minute, with nothing but the .NET SDK: see PlatformDemo.
var summary = await PlatformDemo.RunAsync(Console.Out, preferPulumiCli: true);
return summary.Succeeded ? 0 : 1;
