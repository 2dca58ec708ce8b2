using ControlPlane.Migrations;

// usage: ControlPlane.Migrations [--connection <cs>] ; env ConnectionStrings__Metadata, ControlPlane__WorkerDbPassword
var connection = ArgValue("--connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Metadata");
if (string.IsNullOrEmpty(connection))
{
    await Console.Error.WriteLineAsync("migrator: set ConnectionStrings__Metadata or pass --connection");
    return 2;
}

using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
await Migrator.RunAsync(connection, Environment.GetEnvironmentVariable("ControlPlane__WorkerDbPassword"), cts.Token);
Console.WriteLine("migrator: database is up to date");
return 0;

string? ArgValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
