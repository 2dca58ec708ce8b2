using ControlPlane.ServiceDefaults;
using ControlPlane.Worker;

var builder = WebApplication.CreateBuilder(args);
builder.AddWorkerEndpoints();
builder.AddHealthMonitoring();
builder.AddWorkerCore();
builder.AddInstanceDriver();
var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
