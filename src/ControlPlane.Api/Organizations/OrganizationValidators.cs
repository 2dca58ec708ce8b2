using FluentValidation;

namespace ControlPlane.Api.Organizations;

public sealed class CreateOrganizationValidator : AbstractValidator<CreateOrganizationRequest>
{
    public CreateOrganizationValidator() =>
        RuleFor(r => r.Name).NotEmpty().WithMessage("name is required.").MaximumLength(200).WithMessage("name is at most 200 characters.");
}
