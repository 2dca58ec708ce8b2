namespace ControlPlane.Persistence.Entities;

public sealed class Organization
{
    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    private Organization()
    {
    }

    public static Organization Create(string name, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), Name = name, CreatedAt = now };
}
