
namespace ControlPlane.Client.Tests;

/// <summary>The API on a real loopback port, on the real metadata database and broker, with the test bus playing the worker.</summary>
public sealed class LoopbackApiFixture : ApiFixture
{
    protected override bool ListensOnLoopback => true;
}
