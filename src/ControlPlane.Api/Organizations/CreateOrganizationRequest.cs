using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Api.Organizations;

public sealed record CreateOrganizationRequest([property: Required] string? Name);
