namespace ControlPlane.Instances;

/// <summary>The versions of the instance the caller says it read (<see cref="InstanceVersion.Tag"/>); "*" is any version.</summary>
public sealed record Precondition(IReadOnlyList<string> Versions)
{
    public const string AnyVersion = "*";

    public bool Allows(string currentVersion) => Versions.Any(v => v == currentVersion || v == AnyVersion);
}
