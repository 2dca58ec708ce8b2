using ControlPlane.Domain.Instances;
using FluentValidation;

namespace ControlPlane.Api.Instances;

/// <summary>
/// Shape checks at the edge: what is required, and words from a closed set. Every rule about the spec itself (storage,
/// replicas, durability) or the catalogue lives in the domain's <see cref="SpecRules"/>, run by the use case.
/// </summary>
public sealed class CreateInstanceValidator : AbstractValidator<CreateInstanceRequest>
{
    public CreateInstanceValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("name is required.")
            // CurrentValidator: by default When() would also guard NotEmpty, and a missing name would reach the database.
            .Must(InstanceNames.IsValid).When(r => !string.IsNullOrEmpty(r.Name), ApplyConditionTo.CurrentValidator)
            .WithMessage(InstanceNames.Requirement);
        RuleFor(r => r.Plan).NotEmpty().WithMessage("plan is required.");
        RuleFor(r => r.Source!.InstanceId).NotNull().When(r => r.Source is not null).WithMessage("source.instanceId is required.")
            .OverridePropertyName("source.instanceId");
        RuleFor(r => r.HighAvailability!).SetValidator(new HighAvailabilityValidator()).When(r => r.HighAvailability is not null)
            .OverridePropertyName("highAvailability");
    }
}
