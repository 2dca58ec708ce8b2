using FluentValidation;

namespace ControlPlane.Api.Organizations;

public sealed class CreateSupportKeyValidator : AbstractValidator<CreateSupportKeyRequest>
{
    public CreateSupportKeyValidator() =>
        RuleFor(r => r.Name).NotEmpty().WithMessage("name (the person) is required.").MaximumLength(200).WithMessage("name is at most 200 characters.");
}
