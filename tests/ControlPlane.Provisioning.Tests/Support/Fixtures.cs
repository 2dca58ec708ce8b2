namespace ControlPlane.Provisioning.Tests.Support;

/// <summary>Patroni JSON written for these tests in the shape Patroni 3.0.2 and 4 produce (under Fixtures/).</summary>
public static class Fixtures
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
