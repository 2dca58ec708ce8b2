using FluentValidation;

namespace ControlPlane.Api.Organizations;

public sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyValidator() => RuleFor(r => r.Name).MaximumLength(200).WithMessage("name is at most 200 characters.");
}
