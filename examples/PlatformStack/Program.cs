return await Pulumi.Deployment.RunAsync(PlatformStack.Platform.Define);
