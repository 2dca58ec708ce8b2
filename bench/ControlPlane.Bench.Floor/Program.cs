using ControlPlane.Bench.Floor;
using Npgsql;

// usage: ControlPlane.Bench.Floor --urls URL; env FLOOR_CONNECTION_STRING (the API's own, tuned the same way),
// FLOOR_ORGANIZATION (the organisation whose instances the read bench asks for).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
await using var dataSource = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("FLOOR_CONNECTION_STRING")
    ?? throw new InvalidOperationException("FLOOR_CONNECTION_STRING is not set"));
var rows = new FloorRows(dataSource, Guid.Parse(Environment.GetEnvironmentVariable("FLOOR_ORGANIZATION")
    ?? throw new InvalidOperationException("FLOOR_ORGANIZATION is not set")));

app.MapGet("/v1/instances/{id:guid}", (Guid id, HttpContext http) => rows.WriteOneAsync(id, http));
app.MapGet("/v1/instances", (int pageSize, HttpContext http) => rows.WritePageAsync(pageSize, http));
app.MapGet("/readyz", () => "ok");
await app.RunAsync();
