using ControlPlane.Domain.Instances;
using FluentValidation;

namespace ControlPlane.Api.Instances;

/// <summary>Shape checks at the edge; rules that need the catalogue (plans, versions, limits) live in the domain.</summary>
public sealed class CreateInstanceValidator : AbstractValidator<CreateInstanceRequest>
{
    public CreateInstanceValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("name is required.")
            // CurrentValidator: by default When() would also guard NotEmpty, and a missing name would reach the database.
            .Must(InstanceNames.IsValid).When(r => !string.IsNullOrEmpty(r.Name), ApplyConditionTo.CurrentValidator)
            .WithMessage($"name must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most {InstanceNames.MaxLength} characters.");
        RuleFor(r => r.Plan).NotEmpty().WithMessage("plan is required.");
        RuleFor(r => r.PostgresVersion).NotNull().WithMessage("postgresVersion is required.");
        RuleFor(r => r.StorageGb).GreaterThan(0).When(r => r.StorageGb is not null).WithMessage("storageGb must be positive.");
        RuleFor(r => r.HighAvailability!).SetValidator(new HighAvailabilityValidator()).When(r => r.HighAvailability is not null)
            .OverridePropertyName("highAvailability");
    }
}
