namespace ControlPlane.Api.Infrastructure;

/// <summary>Request bodies of the README's API walk-through, shown as the document's examples.</summary>
public static class WalkthroughExamples
{
    public const string CreateOrganization = """{"name": "acme"}""";

    public const string CreateInstance = """
        {"name": "orders", "plan": "small", "postgresVersion": 15, "storageGb": 20,
         "highAvailability": {"enabled": true, "replicas": 2, "replicationMode": "synchronous", "dataDurability": "preferred"}}
        """;

    public const string UpdateInstance = """{"highAvailability": {"replicas": 1}}""";

    public const string Switchover = "{}";

    public const string Backup = """{"kind": "full"}""";

    public const string CreateApiKey = """{"name": "ci", "expiresAt": "2027-06-30T00:00:00Z"}""";

    public const string CreateSupportKey = """{"name": "Alice Example"}""";

    public const string UpdateOrganization = """{"quotas": {"maxInstances": 50, "maxStorageGb": 5000}}""";
}
