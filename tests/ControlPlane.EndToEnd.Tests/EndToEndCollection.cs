namespace ControlPlane.EndToEnd.Tests;

/// <summary>One product, real Patroni clusters, run serially: two cores run several clusters badly.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<ProductFixture>
{
    public const string Name = "end-to-end";
}
