namespace ControlPlane.Recording.Operations;

/// <summary>How long each type of operation may run before it fails with a reason (nothing stays running forever).</summary>
public sealed class OperationOptions
{
    public const string SectionName = "ControlPlane:Operations";

    public Dictionary<string, TimeSpan> Deadlines { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["create"] = TimeSpan.FromMinutes(30),
        ["update"] = TimeSpan.FromMinutes(30),
        ["delete"] = TimeSpan.FromMinutes(15),
        ["switchover"] = TimeSpan.FromMinutes(5),
        ["rotatecredentials"] = TimeSpan.FromMinutes(10),
        ["backup"] = TimeSpan.FromHours(2),
    };

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan DeadlineFor(Domain.Operations.OperationType type) =>
        Deadlines.TryGetValue(type.ToString(), out var deadline) ? deadline : TimeSpan.FromMinutes(30);
}
