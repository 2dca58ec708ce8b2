using System.Reflection;
using NetArchTest.Rules;

namespace ControlPlane.Architecture.Tests;

/// <summary>One of our assemblies, as the rules read it.</summary>
public static class Layer
{
    /// <summary>The types of the named assembly (the project's name).</summary>
    public static Types Of(string assembly) => Types.InAssembly(Assembly.Load(assembly));

    /// <summary>Asserts the rule holds, naming the types that break it.</summary>
    public static void Holds(ConditionList rule)
    {
        var result = rule.GetResult();
        Assert.True(result.IsSuccessful, "These types break the rule: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
