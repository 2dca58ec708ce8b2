using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Testing.Provisioning;

namespace ControlPlane.Worker.Tests.Infrastructure;

internal static class TestRows
{
    public static DesiredInstanceRow Instance(
        string region, string status = "provisioning", long generation = 1, bool ha = true, string password = "pw-1", Guid? instanceId = null) => new(
        instanceId ?? Guid.NewGuid(),
        Guid.NewGuid(),
        "db-" + Guid.NewGuid().ToString("N")[..8],
        region,
        generation,
        status,
        "medium",
        2m,
        8192,
        16,
        50,
        ha,
        ha ? 2 : 0,
        "synchronous",
        ha ? "required" : "preferred",
        FakeUnprotector.Prefix + password);
}
