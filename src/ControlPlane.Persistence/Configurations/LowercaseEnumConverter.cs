using ControlPlane.Domain;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ControlPlane.Persistence.Configurations;

/// <summary>
/// Enums stored as the domain's words (<see cref="EnumWords"/>), the ones the API shows, so SQL, views and the worker
/// read the same values. A stored word that is no member fails loudly rather than reading as a default.
/// </summary>
internal sealed class LowercaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => EnumWords.Word(v),
    v => EnumWords.Parse<TEnum>(v))
    where TEnum : struct, Enum;
