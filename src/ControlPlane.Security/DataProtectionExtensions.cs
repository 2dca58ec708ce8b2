using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Security;

public static class DataProtectionExtensions
{
    /// <summary>
    /// Data Protection for instance credentials: one application name for API and worker, keys wrapped by the master
    /// key, stored wherever <paramref name="repository"/> says.
    /// </summary>
    public static IDataProtectionBuilder AddControlPlaneDataProtection(
        this IServiceCollection services,
        Func<IServiceProvider, IXmlRepository> repository)
    {
        services.AddMasterKeyOptions();
        var builder = services.AddDataProtection().SetApplicationName(CredentialsProtection.ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = repository(sp);
            o.XmlEncryptor = new MasterKeyXmlEncryptor(sp.GetRequiredService<IOptions<MasterKeyOptions>>().Value.KeyBytes());
        }));
        return builder;
    }

    /// <summary>The master key from configuration, checked at start-up (base64 of 32 bytes).</summary>
    public static IServiceCollection AddMasterKeyOptions(this IServiceCollection services)
    {
        services.AddOptions<MasterKeyOptions>()
            .BindConfiguration(MasterKeyOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => TryKey(o), "ControlPlane:DataProtection:MasterKey must be base64 of 32 bytes.")
            .ValidateOnStart();
        return services;
    }

    private static bool TryKey(MasterKeyOptions options)
    {
        try
        {
            options.KeyBytes();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
