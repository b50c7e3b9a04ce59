return await Pulumi.Deployment.RunAsync(Net8Stack.TeamSpace.Define);
