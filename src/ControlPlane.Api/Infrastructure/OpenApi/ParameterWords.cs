namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>Endpoint metadata: the closed set of words a string parameter takes.</summary>
public sealed record ParameterWords(string Parameter, IReadOnlyList<string> Words);
