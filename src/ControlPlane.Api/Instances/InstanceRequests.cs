using ControlPlane.Api.Auth;
using ControlPlane.Domain;
using ControlPlane.Domain.Instances;
using ControlPlane.Instances;
using Microsoft.Extensions.Primitives;

namespace ControlPlane.Api.Instances;

/// <summary>From what the HTTP request bound to what the use cases take; the validators have checked the shape.</summary>
public static class InstanceRequests
{
    public static Actor ToActor(this Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new(caller.KeyId, caller.Role, caller.OrganizationId, caller.KeyName);
    }

    public static NewInstance ToNewInstance(this CreateInstanceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.Name!, request.Region, request.Plan!, request.PostgresVersion, request.StorageGb, request.HighAvailability?.ToChange(),
            request.Source is { } source ? new InstanceSource(source.InstanceId!.Value, source.PointInTime) : null);
    }

    public static SpecChange ToSpecChange(this UpdateInstanceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.Plan, request.StorageGb, request.HighAvailability?.ToChange());
    }

    public static HighAvailabilityChange ToChange(this HighAvailabilityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.Enabled, request.Replicas, Word<ReplicationMode>(request.ReplicationMode), Word<DataDurability>(request.DataDurability));
    }

    /// <summary>Null when no If-Match was sent; each entity tag of a comma-separated list otherwise.</summary>
    public static Precondition? FromIfMatch(StringValues ifMatch) =>
        ifMatch.Count == 0
            ? null
            : new([.. ifMatch.OfType<string>().SelectMany(v => v.Split(',')).Select(t => t.Trim())]);

    private static TEnum? Word<TEnum>(string? word)
        where TEnum : struct, Enum => word is null ? null : EnumWords.Parse<TEnum>(word);
}
