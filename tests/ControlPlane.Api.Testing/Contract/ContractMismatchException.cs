namespace ControlPlane.Api.Testing.Contract;

/// <summary>Thrown into the test whose request got an answer the OpenAPI document does not describe.</summary>
public sealed class ContractMismatchException(string exchange, IReadOnlyList<ContractMismatch> mismatches)
    : Exception($"The response to {exchange} breaks openapi/controlplane.v1.json:\n  " + string.Join("\n  ", mismatches))
{
    public IReadOnlyList<ContractMismatch> Mismatches { get; } = mismatches;
}
