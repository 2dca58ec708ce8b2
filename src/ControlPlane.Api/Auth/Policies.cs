namespace ControlPlane.Api.Auth;

public static class Policies
{
    public const string Support = "support";
}
