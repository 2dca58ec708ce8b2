using FluentValidation;

namespace ControlPlane.Api.Instances;

public sealed class UpdateInstanceValidator : AbstractValidator<UpdateInstanceRequest>
{
    public UpdateInstanceValidator()
    {
        RuleFor(r => r.Plan).NotEmpty().When(r => r.Plan is not null).WithMessage("plan must not be empty.");
        RuleFor(r => r.StorageGb).GreaterThan(0).When(r => r.StorageGb is not null).WithMessage("storageGb must be positive.");
        RuleFor(r => r.HighAvailability!).SetValidator(new HighAvailabilityValidator()).When(r => r.HighAvailability is not null)
            .OverridePropertyName("highAvailability");
    }
}
