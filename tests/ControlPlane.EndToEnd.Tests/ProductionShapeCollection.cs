namespace ControlPlane.EndToEnd.Tests;

/// <summary>Two APIs and two workers; run after the other end-to-end tests, never beside them (collections run serially).</summary>
[CollectionDefinition(Name)]
public sealed class ProductionShapeCollection : ICollectionFixture<ProductionShapeFixture>
{
    public const string Name = "end-to-end-production-shape";
}
