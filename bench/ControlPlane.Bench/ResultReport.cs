using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ControlPlane.Bench;

/// <summary>The one table: printed, and written as bench/results/&lt;date&gt;.json and .md.</summary>
public sealed class ResultReport(BenchSettings settings, IReadOnlyList<Figure> figures, IReadOnlyList<string> failures)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# ControlPlane benchmark, {Stamp:yyyy-MM-dd HH:mm} UTC ({(settings.Quick ? "QUICK smoke run: small sizes, short runs" : "full run")})");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} CPUs, {Environment.OSVersion}, .NET {Environment.Version}. Each ceiling is measured in the same run on the same PostgreSQL.");
        text.AppendLine();
        text.AppendLine("| Area | Figure | Value | Ceiling | Ratio | Target | Met | Note |");
        text.AppendLine("|---|---|---:|---|---:|---|---|---|");
        foreach (var f in figures)
        {
            var ceiling = f.Ceiling is { } c ? $"{c.ToString("F0", CultureInfo.InvariantCulture)} ({f.CeilingName})" : "";
            var ratio = f.Ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "";
            var met = f.Met switch { true => "met", false => "**missed**", null => "" };
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {f.Area} | {f.Name} | {Format(f.Value)} {f.Unit} | {ceiling} | {ratio} | {f.Target} | {met} | {f.Note} |");
        }

        foreach (var failure in failures)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"**FAILED:** {failure}");
        }

        return text.ToString();
    }

    public DateTimeOffset Stamp { get; } = DateTimeOffset.UtcNow;

    public async Task<string> WriteAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(settings.RepositoryRoot, "bench", "results");
        Directory.CreateDirectory(directory);
        var name = Stamp.ToString("yyyy-MM-dd'T'HHmm", CultureInfo.InvariantCulture) + (settings.Quick ? "-quick" : "");
        var document = new
        {
            date = Stamp,
            quick = settings.Quick,
            processors = Environment.ProcessorCount,
            figures = figures.Select(f => new { f.Area, f.Name, f.Value, f.Unit, f.Ceiling, f.CeilingName, f.Ratio, f.Target, f.Met, f.Note }),
            failures,
        };
        await File.WriteAllTextAsync(Path.Combine(directory, name + ".json"), JsonSerializer.Serialize(document, Json), cancellationToken);
        var markdown = Path.Combine(directory, name + ".md");
        await File.WriteAllTextAsync(markdown, Markdown(), cancellationToken);
        return markdown;
    }

    private static string Format(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("F0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);
}
