using FluentValidation;

namespace ControlPlane.Api.Instances;

/// <summary>Shape checks only, as for a create; the merged spec is judged by the domain's rules.</summary>
public sealed class UpdateInstanceValidator : AbstractValidator<UpdateInstanceRequest>
{
    public UpdateInstanceValidator()
    {
        RuleFor(r => r.Plan).NotEmpty().When(r => r.Plan is not null).WithMessage("plan must not be empty.");
        RuleFor(r => r.HighAvailability!).SetValidator(new HighAvailabilityValidator()).When(r => r.HighAvailability is not null)
            .OverridePropertyName("highAvailability");
    }
}
