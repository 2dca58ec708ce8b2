using ControlPlane.Domain;
using ControlPlane.Domain.Instances;
using FluentValidation;

namespace ControlPlane.Api.Instances;

/// <summary>The words of a closed set; whether replicas and durability fit together is the domain's rule, on the merged spec.</summary>
public sealed class HighAvailabilityValidator : AbstractValidator<HighAvailabilityRequest>
{
    public HighAvailabilityValidator()
    {
        RuleFor(h => h.ReplicationMode).Must(m => m is null || EnumWords.TryParse<ReplicationMode>(m, out _))
            .WithMessage($"replicationMode must be {EnumWords.Choices<ReplicationMode>()}.");
        RuleFor(h => h.DataDurability).Must(d => d is null || EnumWords.TryParse<DataDurability>(d, out _))
            .WithMessage($"dataDurability must be {EnumWords.Choices<DataDurability>()}.");
    }
}
