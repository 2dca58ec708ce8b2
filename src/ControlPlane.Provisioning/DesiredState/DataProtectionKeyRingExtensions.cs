using ControlPlane.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ControlPlane.Provisioning.DesiredState;

public static class DataProtectionKeyRingExtensions
{
    /// <summary>
    /// Data Protection over a key ring someone else writes (the API), with key generation off, and the
    /// <see cref="ICredentialsUnprotector"/> on top of it.
    /// </summary>
    public static IServiceCollection AddReadOnlyKeyRing(this IServiceCollection services, Func<IServiceProvider, IXmlRepository> repository)
    {
        services.AddDataProtection()
            .SetApplicationName(CredentialsProtection.ApplicationName)
            .DisableAutomaticKeyGeneration();
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider>((options, provider) => options.XmlRepository = repository(provider));

        // The API wraps each key with the master key; Data Protection activates MasterKeyXmlDecryptor by the type
        // name recorded in the key XML, and the decryptor reads the master key from these options.
        services.AddMasterKeyOptions();
        services.TryAddSingleton<ICredentialsUnprotector, DataProtectionCredentialsUnprotector>();
        return services;
    }
}
