using System.Text.Json;
using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ControlPlane.Persistence.Configurations;

/// <summary>
/// The observed state is one jsonb document read whole and written whole, so it is mapped as a value rather than as
/// owned entities: EF's owned-JSON materialiser cost about 2.4 KB of allocations per row on the list endpoint, and
/// owned elements needed fresh instances on every write. Property names stay as the owned mapping wrote them
/// (PascalCase), so rows written before this change read back unchanged.
/// </summary>
internal static class ObservedStateConversion
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = null,
        PropertyNameCaseInsensitive = true,
    };

    public static ValueConverter<InstanceObservedState, string> Converter { get; } = new(
        state => Serialize(state),
        json => Deserialize(json));

    // Compared by content, snapshotted by deep copy: the consumers mutate the document in place before saving.
    public static ValueComparer<InstanceObservedState> Comparer { get; } = new(
        (left, right) => Serialize(left) == Serialize(right),
        state => Serialize(state).GetHashCode(StringComparison.Ordinal),
        state => state.Copy());

    private static string Serialize(InstanceObservedState? state) => JsonSerializer.Serialize(state ?? new InstanceObservedState(), Json);

    private static InstanceObservedState Deserialize(string json) =>
        JsonSerializer.Deserialize<InstanceObservedState>(json, Json) ?? new InstanceObservedState();
}
