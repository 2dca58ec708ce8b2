namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>A body that must name at least one of its (all optional) fields: minProperties 1 in the document.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AtLeastOneFieldAttribute : Attribute;
