namespace ControlPlane.Bench;

/// <summary>
/// One line of the table: a measured value, the ceiling measured in the same run (when there is one) and their ratio,
/// and the target with whether it was met (null: no target, or not measurable in this mode).
/// </summary>
public sealed record Figure(
    string Area,
    string Name,
    double Value,
    string Unit,
    double? Ceiling = null,
    string? CeilingName = null,
    string? Target = null,
    bool? Met = null,
    string? Note = null)
{
    public double? Ratio => Ceiling is > 0 ? Value / Ceiling : null;
}
