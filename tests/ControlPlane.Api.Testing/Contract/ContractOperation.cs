using System.Text.Json.Nodes;

namespace ControlPlane.Api.Testing.Contract;

/// <summary>An operation of the document: its id, method (upper case), path template and its OpenAPI object.</summary>
public sealed record ContractOperation(string Id, string Method, string Template, JsonObject Node)
{
    public override string ToString() => $"{Id} ({Method} {Template})";
}
