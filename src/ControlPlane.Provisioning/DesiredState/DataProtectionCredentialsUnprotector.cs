using ControlPlane.Security;
using System.Text.Json;
using ControlPlane.Provisioning.Drivers;
using Microsoft.AspNetCore.DataProtection;

namespace ControlPlane.Provisioning.DesiredState;

/// <summary>Decrypts the camelCase JSON of <see cref="InstanceCredentials"/> the API protected with the shared key ring.</summary>
public sealed class DataProtectionCredentialsUnprotector(IDataProtectionProvider provider) : ICredentialsUnprotector
{
    private readonly IDataProtector _protector = provider.CreateProtector(CredentialsProtection.Purpose);

    public InstanceCredentials Unprotect(string protectedPayload)
    {
        var json = _protector.Unprotect(protectedPayload);
        return JsonSerializer.Deserialize<InstanceCredentials>(json, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The protected credentials decrypted to nothing.");
    }
}
