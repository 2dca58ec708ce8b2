using ControlPlane.Worker;

var builder = Host.CreateApplicationBuilder(args);
builder.AddHealthMonitoring();
builder.AddWorkerCore();
builder.AddInstanceDriver();
builder.Build().Run();
