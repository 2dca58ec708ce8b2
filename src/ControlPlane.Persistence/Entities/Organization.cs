namespace ControlPlane.Persistence.Entities;

public sealed class Organization
{
    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Live instances the organisation may hold; null: the configured default.</summary>
    public int? MaxInstances { get; private set; }

    /// <summary>Gigabytes of volume its live instances may hold, every member's volume counted; null: the configured default.</summary>
    public int? MaxStorageGb { get; private set; }

    private Organization()
    {
    }

    /// <summary>Support staff's override of the defaults; a null argument leaves that limit as it is.</summary>
    public void SetQuotas(int? maxInstances, int? maxStorageGb)
    {
        MaxInstances = maxInstances ?? MaxInstances;
        MaxStorageGb = maxStorageGb ?? MaxStorageGb;
    }

    public static Organization Create(string name, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), Name = name, CreatedAt = now };
}
