namespace ControlPlane.Provisioning.Patroni;

/// <summary>How a call to a member's REST API ended. Only <see cref="Answered"/> means the member is alive.</summary>
public enum PatroniCallOutcome
{
    /// <summary>An HTTP answer came back, whatever its status code.</summary>
    Answered,

    /// <summary>The connection was refused or reset: nothing listens there any more.</summary>
    Refused,

    /// <summary>Connecting or answering took longer than the configured timeout.</summary>
    TimedOut,

    /// <summary>Any other transport failure (DNS, TLS, protocol).</summary>
    Failed,
}
