using System.Text.Json;
using ControlPlane.Api.Auth;
using ControlPlane.Instances;
using ControlPlane.Security;
using Microsoft.AspNetCore.DataProtection;

namespace ControlPlane.Api.Instances;

/// <summary>Generates per-instance credentials and keeps them encrypted at rest with Data Protection.</summary>
public sealed class CredentialsVault(IDataProtectionProvider provider) : ICredentialsVault
{
    private readonly IDataProtector _protector = provider.CreateProtector(CredentialsProtection.Purpose);

    public static StoredCredentials Generate() => new(
        "app",
        "app",
        ApiKeys.GenerateSecret(),
        ApiKeys.GenerateSecret(),
        ApiKeys.GenerateSecret(),
        "patroni",
        ApiKeys.GenerateSecret());

    public string Protect(StoredCredentials credentials) =>
        _protector.Protect(JsonSerializer.Serialize(credentials, JsonSerializerOptions.Web));

    public StoredCredentials Unprotect(string payload) =>
        JsonSerializer.Deserialize<StoredCredentials>(_protector.Unprotect(payload), JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException("Stored credentials are empty.");

    public string GenerateProtected() => Protect(Generate());

    public string WithNewPassword(string protectedCredentials) =>
        Protect(Unprotect(protectedCredentials) with { Password = ApiKeys.GenerateSecret() });
}
