using ControlPlane.Persistence.Entities;

namespace ControlPlane.Instances;

public static class InstanceVersion
{
    /// <summary>
    /// The version of the instance's spec a change is checked against, in entity-tag form because clients send it
    /// back as the ETag they were given. From the spec's generation only: health and status reports never change it.
    /// </summary>
    public static string Tag(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return $"\"{instance.Id:N}-{instance.Generation}\"";
    }
}
