using ControlPlane.Instances;
using ControlPlane.Instances.Idempotency;
using ControlPlane.Instances.Quotas;

namespace ControlPlane.Api.Instances;

public static class InstanceServices
{
    /// <summary>The instance use cases, their settings, and the API's credentials vault they protect credentials with.</summary>
    public static IServiceCollection AddInstanceCommands(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.SectionName);
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<InstanceCommands>();
        services.AddScoped<InstanceChanges>();
        services.AddScoped<IdempotencyStore>();
        services.AddScoped<OrganizationQuotas>();
        services.AddSingleton<CredentialsVault>();
        services.AddSingleton<ICredentialsVault>(sp => sp.GetRequiredService<CredentialsVault>());
        return services;
    }
}
