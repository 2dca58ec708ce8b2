namespace ControlPlane.Provisioning.Local.Tests.Integration;

/// <summary>Real clusters share two cores: run them one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PatroniCollection
{
    public const string Name = "real patroni clusters";
}
