namespace ControlPlane.Provisioning.Local.State;

/// <summary>Where an instance's files live. Pure path arithmetic, so builders and tests agree on it.</summary>
public sealed class InstanceLayout(string dataDirectory, Guid instanceId)
{
    public string Root { get; } = Path.Combine(dataDirectory, instanceId.ToString("D"));

    public string StateFile => Path.Combine(Root, "instance.json");

    public string HaproxyDirectory => Path.Combine(Root, "haproxy");

    public string HaproxyConfig => Path.Combine(HaproxyDirectory, "haproxy.cfg");

    public string HaproxyPidFile => Path.Combine(HaproxyDirectory, "haproxy.pid");

    public string HaproxyLog => Path.Combine(HaproxyDirectory, "haproxy.log");

    public string SlotDirectory(int slot) => Path.Combine(Root, $"slot-{slot}");

    public string PatroniConfig(int slot) => Path.Combine(SlotDirectory(slot), "patroni.yml");

    public string PatroniPidFile(int slot) => Path.Combine(SlotDirectory(slot), "patroni.pid");

    public string PatroniLog(int slot) => Path.Combine(SlotDirectory(slot), "patroni.log");

    public string WitnessConfig(int slot) => Path.Combine(SlotDirectory(slot), "witness.yml");

    public string WitnessPidFile(int slot) => Path.Combine(SlotDirectory(slot), "witness.pid");

    public string WitnessLog(int slot) => Path.Combine(SlotDirectory(slot), "witness.log");

    public string PostgresDataDirectory(int slot) => Path.Combine(SlotDirectory(slot), "data");

    public string PostmasterPidFile(int slot) => Path.Combine(PostgresDataDirectory(slot), "postmaster.pid");

    /// <summary>Shared by the slot's Patroni and its witness, so the Raft journal survives a change of occupant.</summary>
    public string RaftDirectory(int slot) => Path.Combine(SlotDirectory(slot), "raft");

    public string PgPassFile(int slot) => Path.Combine(SlotDirectory(slot), "pgpass");
}
