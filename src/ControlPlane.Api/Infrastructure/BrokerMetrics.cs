using System.Diagnostics.Metrics;
using MassTransit;

namespace ControlPlane.Api.Infrastructure;

/// <summary>Exposes whether the bus is connected, since /readyz deliberately stays ready without it.</summary>
public sealed class BrokerMetrics
{
    public BrokerMetrics(IMeterFactory meterFactory, IBusControl bus)
    {
        var meter = meterFactory.Create(ApiExtensions.MeterName);
        meter.CreateObservableGauge("controlplane.broker.connected", () => bus.CheckHealth().Status == BusHealthStatus.Healthy ? 1 : 0,
            description: "1 when the message bus is connected");
    }
}
