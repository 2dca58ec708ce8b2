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

        // TODO(merge): the API encrypts its key XML with the master key (the lead owns that format); register the
        // matching IXmlDecryptor here so the worker can read encrypted keys, e.g.
        // services.AddSingleton<IXmlDecryptor, ControlPlane.Provisioning.DesiredState.MasterKeyXmlDecryptor>() or the
        // lead's own extension. Until then only unencrypted key XML can be read.
        services.TryAddSingleton<ICredentialsUnprotector, DataProtectionCredentialsUnprotector>();
        return services;
    }
}
