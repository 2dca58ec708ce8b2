using ControlPlane.Provisioning.Local.State;

namespace ControlPlane.Provisioning.Local.Tests;

internal static class TestStates
{
    public static InstanceState WithMembers(int members) => new(
        Guid.Parse("11111111-2222-3333-4444-555555555555"),
        "orders",
        15,
        "small",
        20,
        members,
        [new SlotPorts(56000, 56001, 56002), new SlotPorts(56003, 56004, 56005), new SlotPorts(56006, 56007, 56008)],
        56009,
        56010);

    public static InstanceLayout Layout(InstanceState state) => new("/var/tmp/cp", state.InstanceId);
}
