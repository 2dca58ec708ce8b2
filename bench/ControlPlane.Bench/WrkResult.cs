namespace ControlPlane.Bench;

/// <param name="Failed">Socket errors plus responses with a status of 400 or more.</param>
public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, double P999Ms, long Requests, long Failed);
