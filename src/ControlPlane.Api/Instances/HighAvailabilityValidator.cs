using FluentValidation;

namespace ControlPlane.Api.Instances;

public sealed class HighAvailabilityValidator : AbstractValidator<HighAvailabilityRequest>
{
    public HighAvailabilityValidator()
    {
        RuleFor(h => h.ReplicationMode).Must(m => m is null || EnumValues.ReplicationModes.Contains(m))
            .WithMessage("replicationMode must be 'synchronous' or 'asynchronous'.");
        RuleFor(h => h.DataDurability).Must(d => d is null || EnumValues.Durabilities.Contains(d))
            .WithMessage("dataDurability must be 'preferred' or 'required'.");
        RuleFor(h => h.Replicas).InclusiveBetween(1, 2).When(h => h.Enabled != false && h.Replicas is not null)
            .WithMessage("replicas must be 1 or 2 when high availability is enabled.");
        RuleFor(h => h.Replicas).Equal(0).When(h => h.Enabled == false && h.Replicas is not null)
            .WithMessage("replicas must be 0 when high availability is disabled.");
        RuleFor(h => h.DataDurability).Must(d => d != "required").When(h => h.ReplicationMode == "asynchronous")
            .WithMessage("dataDurability 'required' needs synchronous replication.");
    }
}
