using ControlPlane.Api;
using ControlPlane.Persistence;
using ControlPlane.Recording;
using ControlPlane.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("controlplane-api", ApiExtensions.MeterName, ControlPlane.Recording.Outbox.OutboxMetrics.MeterName,
    ControlPlane.Recording.Operations.OperationMetrics.MeterName);
builder.AddPersistence();
builder.AddRecording();
builder.AddControlPlaneApi();

var app = builder.Build();
if (app.Environment.IsDevelopment() && app.Configuration["ControlPlane:Auth:BootstrapSupportKey"] is { Length: > 0 } key)
{
    app.Logger.LogWarning("Development: the bootstrap support key from configuration is active ({KeyLength} characters)", key.Length);
}

app.UseControlPlaneApi();
app.MapDefaultEndpoints(ApiExtensions.IsSupportCaller);
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
