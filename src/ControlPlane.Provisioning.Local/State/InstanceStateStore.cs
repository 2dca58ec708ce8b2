using System.Text.Json;
using ControlPlane.Provisioning.Local.Processes;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.State;

/// <summary>Reads and atomically writes each instance's <c>instance.json</c>; the data directory is the source of truth after a restart.</summary>
public sealed class InstanceStateStore(IOptions<LocalDriverOptions> options, OwnedFiles files)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string DataDirectory => options.Value.DataDirectory;

    public InstanceLayout Layout(Guid instanceId) => new(DataDirectory, instanceId);

    public InstanceState? Read(Guid instanceId)
    {
        var path = Layout(instanceId).StateFile;
        return File.Exists(path) ? JsonSerializer.Deserialize<InstanceState>(File.ReadAllText(path), Json) : null;
    }

    public void Write(InstanceState state)
    {
        var layout = Layout(state.InstanceId);

        // The shared parent stays traversable (0755, default mode): only the instance directories below it are private.
        Directory.CreateDirectory(DataDirectory);
        files.EnsureDirectory(layout.Root);
        files.WriteIfChanged(layout.StateFile, JsonSerializer.Serialize(state, Json));
    }

    public IReadOnlyList<InstanceState> ReadAll()
    {
        if (!Directory.Exists(DataDirectory))
        {
            return [];
        }

        var states = new List<InstanceState>();
        foreach (var directory in Directory.EnumerateDirectories(DataDirectory))
        {
            if (Guid.TryParse(Path.GetFileName(directory), out var id) && Read(id) is { } state)
            {
                states.Add(state);
            }
        }

        return states;
    }
}
