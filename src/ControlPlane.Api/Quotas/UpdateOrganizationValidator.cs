using FluentValidation;

namespace ControlPlane.Api.Quotas;

public sealed class UpdateOrganizationValidator : AbstractValidator<UpdateOrganizationRequest>
{
    public UpdateOrganizationValidator()
    {
        RuleFor(r => r.Quotas).NotNull().WithMessage("quotas is required.");
        RuleFor(r => r.Quotas!.MaxInstances).InclusiveBetween(0, 1_000_000).When(r => r.Quotas?.MaxInstances is not null)
            .OverridePropertyName("quotas.maxInstances").WithMessage("quotas.maxInstances must be between 0 and 1000000.");
        RuleFor(r => r.Quotas!.MaxStorageGb).GreaterThanOrEqualTo(0).When(r => r.Quotas?.MaxStorageGb is not null)
            .OverridePropertyName("quotas.maxStorageGb").WithMessage("quotas.maxStorageGb must be 0 or more.");
        RuleFor(r => r.Quotas).Must(q => q!.MaxInstances is not null || q.MaxStorageGb is not null).When(r => r.Quotas is not null)
            .WithMessage("quotas must set maxInstances, maxStorageGb or both.");
    }
}
