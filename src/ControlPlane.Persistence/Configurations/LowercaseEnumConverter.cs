using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ControlPlane.Persistence.Configurations;

/// <summary>Enums stored as the lowercase words the API shows, so SQL, views and the worker read the same values.</summary>
internal sealed class LowercaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => v.ToString().ToLowerInvariant(),
    v => Enum.Parse<TEnum>(v, true))
    where TEnum : struct, Enum;
