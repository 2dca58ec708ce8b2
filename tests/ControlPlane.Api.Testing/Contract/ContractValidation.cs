namespace ControlPlane.Api.Testing.Contract;

/// <summary>
/// Every response the API tests receive is checked against the committed OpenAPI document, the contract generated
/// clients are built from. The one switch: strict fails the test that received a mismatching response; otherwise the
/// mismatch is only written to <see cref="ContractMismatchLog"/>, which is how the document's gaps were listed while
/// it was being completed.
/// </summary>
public static class ContractValidation
{
    private static readonly Lazy<ContractDocument> CommittedDocument = new(() =>
        ContractDocument.Load(Path.Combine(RepositoryRoot.Find(), "openapi", "controlplane.v1.json")));

    public static bool Strict => true;

    /// <summary>openapi/controlplane.v1.json as committed, read once per test run.</summary>
    public static ContractDocument Committed => CommittedDocument.Value;
}
