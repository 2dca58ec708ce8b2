namespace ControlPlane.Api.Tests.Infrastructure;

/// <summary>The API as deployed: the Production environment, where ASP.NET Core's defaults differ from Development.</summary>
public sealed class ProductionFixture : ApiFixture
{
    protected override string EnvironmentName => "Production";
}
