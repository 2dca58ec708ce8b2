namespace ControlPlane.Provisioning.Local.Processes;

/// <summary>What a short command printed and how it exited.</summary>
public sealed record CommandOutput(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The lines worth showing a person: errors and warnings first, else the last non-empty line.</summary>
    public string Problem()
    {
        var lines = (StandardError + "\n" + StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.StartsWith("ERROR", StringComparison.Ordinal)).ToList();
        if (errors.Count == 0)
        {
            errors = [.. lines.Where(l => l.StartsWith("WARN", StringComparison.Ordinal))];
        }

        var text = errors.Count > 0 ? string.Join(" ", errors) : lines.LastOrDefault() ?? $"exit code {ExitCode}";
        return text.Length > 1000 ? text[..1000] : text;
    }
}
