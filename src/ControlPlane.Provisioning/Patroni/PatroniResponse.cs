namespace ControlPlane.Provisioning.Patroni;

/// <summary>
/// One call's result. <see cref="Body"/> is null when the member did not answer, or answered with something
/// that is not the expected JSON (then <see cref="Error"/> says why).
/// </summary>
public sealed record PatroniResponse<T>(PatroniCallOutcome Outcome, int? StatusCode, T? Body, string? Error)
    where T : class
{
    public bool Answered => Outcome == PatroniCallOutcome.Answered;
}
