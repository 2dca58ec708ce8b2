namespace ControlPlane.Api.Testing.Contract;

/// <summary>
/// One way a response broke the document. <see cref="Key"/> leaves out what varies between runs (ids, array
/// indexes), so the same gap seen by many tests is listed once.
/// </summary>
public sealed record ContractMismatch(string Operation, int Status, string Kind, string Detail, string Key)
{
    public override string ToString() => $"{Operation} {Status}: {Detail}";
}
