namespace ControlPlane.Bench;

public static class Percentiles
{
    /// <summary>Nearest-rank percentile of <paramref name="values"/> (any order); 0 when empty.</summary>
    public static double Of(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values) => Of(values, 50);
}
