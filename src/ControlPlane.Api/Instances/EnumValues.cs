using ControlPlane.Domain.Instances;

namespace ControlPlane.Api.Instances;

/// <summary>The API's words for domain enums, parsed strictly so a typo is a 400 naming the field, not a default.</summary>
public static class EnumValues
{
    public static readonly string[] ReplicationModes = ["synchronous", "asynchronous"];
    public static readonly string[] Durabilities = ["preferred", "required"];
    public static readonly string[] Statuses = ["provisioning", "available", "updating", "deleting", "deleted", "failed"];

    public static ReplicationMode ParseMode(string? value) =>
        value is null || value == "synchronous" ? ReplicationMode.Synchronous : ReplicationMode.Asynchronous;

    public static DataDurability ParseDurability(string? value) =>
        value == "required" ? DataDurability.Required : DataDurability.Preferred;

    public static string Word<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}
