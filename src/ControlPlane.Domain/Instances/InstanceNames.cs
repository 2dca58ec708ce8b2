using System.Text.RegularExpressions;

namespace ControlPlane.Domain.Instances;

/// <summary>Instance names become Kubernetes object names and host names, so they must be DNS-1123 labels.</summary>
public static partial class InstanceNames
{
    public const int MaxLength = 40;

    public static readonly string Requirement =
        $"name must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most {MaxLength} characters.";

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && Dns1123Label().IsMatch(name);

    // \z, not $: in .NET $ also matches before a final newline, which would let "name\n" through.
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();
}
