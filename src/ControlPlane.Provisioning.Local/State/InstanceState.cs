namespace ControlPlane.Provisioning.Local.State;

/// <summary>
/// What a restarted worker needs to find and adopt an instance: its ports, its layout and how many
/// Patroni members currently run. Written atomically to <c>instance.json</c>; holds no secret.
/// </summary>
public sealed record InstanceState(
    Guid InstanceId,
    string Name,
    int PostgresMajor,
    string Plan,
    int StorageGb,
    int Members,
    IReadOnlyList<SlotPorts> Slots,
    int PrimaryPort,
    int ReplicaPort)
{
    /// <summary>
    /// Raft voters are fixed at three (the largest cluster: a primary and two replicas). A slot with no
    /// member runs a witness (patroni_raft_controller) on the same Raft address and journal, so membership never
    /// changes at the Raft level. Live membership changes were tried here: a node started with a longer partner
    /// list is not admitted (pysyncobj needs an explicit add from the leader, which Patroni 3.0 never issues; the
    /// new node stays leaderless), so fixed voters are the robust choice, and any one voter may die without losing the majority.
    /// </summary>
    public const int SlotCount = 3;

    /// <summary>Whether the instance's pgBackRest stanza exists; its WAL archives only once it does.</summary>
    public bool StanzaCreated { get; init; }

    /// <summary>For an instance restored from another one's backups: how its first member bootstraps (decided once, before it first runs).</summary>
    public Backups.RestorePlan? Restore { get; init; }

    public static string MemberName(string name, int slot) => $"{name}-{slot}";

    public string MemberName(int slot) => MemberName(Name, slot);

    public int? SlotOf(string memberName)
    {
        for (var slot = 0; slot < SlotCount; slot++)
        {
            if (string.Equals(MemberName(slot), memberName, StringComparison.Ordinal))
            {
                return slot;
            }
        }

        return null;
    }

    public Uri RestApi(int slot, string host) => new($"http://{host}:{Slots[slot].Rest}");

    public IEnumerable<int> AllPorts() =>
        Slots.SelectMany(s => new[] { s.Postgres, s.Rest, s.Raft }).Append(PrimaryPort).Append(ReplicaPort);
}
