using System.Xml.Linq;

namespace ControlPlane.Architecture.Tests;

/// <summary>
/// Tests mirror src and share their helpers through the testing projects (ControlPlane.Testing, ControlPlane.Api.Testing),
/// never through another test project: a test project that references another runs or builds that project's tests as
/// its own, and its helpers end up copied or borrowed instead of shared.
/// </summary>
public sealed class TestProjectRulesTests
{
    private static readonly string Tests = Path.Combine(RepositoryRoot.Find(), "tests");

    [Fact]
    public void Should_share_test_helpers_through_testing_projects_only()
    {
        var projects = Directory.GetFiles(Tests, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var references = projects
            .SelectMany(p => XDocument.Load(p).Descendants("ProjectReference")
                .Select(r => (Project: Path.GetFileName(p), Reference: Path.GetFileName((string?)r.Attribute("Include") ?? ""))))
            .ToList();

        // Seeing the shared projects referenced proves the rule below reads real references.
        Assert.Contains(references, r => r.Reference == "ControlPlane.Api.Testing.csproj");
        var between = references.Where(r => r.Reference.EndsWith(".Tests.csproj", StringComparison.Ordinal)).ToList();
        Assert.True(between.Count == 0, "test projects referencing test projects: " + string.Join(", ", between.Select(r => $"{r.Project} -> {r.Reference}")));
    }
}
