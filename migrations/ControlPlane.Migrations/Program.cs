using ControlPlane.Migrations;

// usage: ControlPlane.Migrations [--connection <cs>]                      apply migrations
//        ControlPlane.Migrations create-support-key <name> [--connection <cs>] [--expires <ISO 8601>]   print a new named support key once
// env ConnectionStrings__Metadata, ControlPlane__WorkerDbPassword
var connection = ArgValue("--connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Metadata");
if (string.IsNullOrEmpty(connection))
{
    await Console.Error.WriteLineAsync("migrator: set ConnectionStrings__Metadata or pass --connection");
    return 2;
}

using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
if (args is ["create-support-key", ..])
{
    if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(args[1]) || args[1].Length > 200)
    {
        await Console.Error.WriteLineAsync("migrator: create-support-key <name of the person, 1-200 characters> [--expires <ISO 8601 time>]");
        return 2;
    }

    DateTimeOffset? expires = ArgValue("--expires") is { } text
        ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
        : null;
    var (id, secret) = await SupportKeyCommand.CreateAsync(connection, args[1].Trim(), expires, cts.Token);
    await Console.Error.WriteLineAsync($"migrator: support key {id} created for '{args[1].Trim()}'; it is shown once, below");
    Console.WriteLine(secret);
    return 0;
}

await Migrator.RunAsync(connection, Environment.GetEnvironmentVariable("ControlPlane__WorkerDbPassword"), cts.Token);
Console.WriteLine("migrator: database is up to date");
return 0;

string? ArgValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
