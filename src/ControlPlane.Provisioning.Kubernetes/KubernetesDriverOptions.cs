using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Provisioning.Kubernetes;

/// <summary>How instances are laid out on Kubernetes: images, storage, labels, Patroni timings, network reach and API retries.</summary>
public sealed class KubernetesDriverOptions
{
    public const string SectionName = "ControlPlane:Provisioning:Kubernetes";

    /// <summary>Talk to this API server URL instead of a kubeconfig (tests, or `kubectl proxy` on loopback).</summary>
    public string? ApiServerUrl { get; set; }

    /// <summary>A kubeconfig file to use before KUBECONFIG, ~/.kube/config and the in-cluster service account.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>Spilo images carry several PostgreSQL majors and pick one from PGVERSION, so one image usually serves all.</summary>
    [Required]
    public string DefaultImage { get; set; } = "ghcr.io/zalando/spilo-17:4.0-p2";

    /// <summary>Image per PostgreSQL major ("16" → image) where the default image must not be used.</summary>
    public Dictionary<string, string> Images { get; set; } = [];

    /// <summary>Null means the cluster's default storage class; it must allow volume expansion for storage growth.</summary>
    public string? StorageClassName { get; set; }

    public bool KeepVolumesOnDelete { get; set; }

    [Required]
    public string RoleLabelKey { get; set; } = "spilo-role";

    [Required]
    public string PrimaryRoleValue { get; set; } = "master";

    [Required]
    public string ReplicaRoleValue { get; set; } = "replica";

    public bool ZoneAntiAffinity { get; set; } = true;

    [Range(1, 65535)]
    public int PatroniPort { get; set; } = 8008;

    [Range(1, 65535)]
    public int PostgresPort { get; set; } = 5432;

    public TimeSpan PatroniTtl { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan PatroniLoopWait { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan PatroniRetryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Instances of one organisation share a namespace named prefix + organisation id.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9]{0,20})$")]
    public string NamespacePrefix { get; set; } = "cp-";

    /// <summary>
    /// Namespaces whose pods may connect to PostgreSQL (port 5432). With neither this nor <see cref="AllowedSourceCidrs"/>
    /// set, no customer workload can reach its database: the NetworkPolicy admits only the instance's own pods and the
    /// control plane.
    /// </summary>
    public List<string> AllowedSourceNamespaces { get; set; } = [];

    /// <summary>Address ranges (e.g. a load balancer's) that may connect to PostgreSQL.</summary>
    public List<string> AllowedSourceCidrs { get; set; } = [];

    /// <summary>
    /// The Pod Security Standard enforced in every organisation's namespace: "restricted" (the default; Spilo runs as
    /// its postgres user, uid 101, without privilege escalation or capabilities) or "baseline" for Spilo features that
    /// need root through sudo inside the pod (its cron-driven backups and certificate rotation, which this driver does
    /// not configure).
    /// </summary>
    [Required]
    [RegularExpression("^(restricted|baseline)$")]
    public string TenantPodSecurityLevel { get; set; } = "restricted";

    /// <summary>
    /// The hard limits of a ResourceQuota in every organisation's namespace, keyed by Kubernetes quota resource
    /// ("requests.storage", "limits.cpu", "limits.memory", "pods", "persistentvolumeclaims", ...). Empty: no quota.
    /// It caps what one organisation can take from the cluster whatever the API's own quotas say.
    /// </summary>
    public Dictionary<string, string> NamespaceQuota { get; set; } = [];

    /// <summary>The namespace the control plane runs in: the only outside source admitted to the Patroni REST port.</summary>
    [Required]
    public string ControlPlaneNamespace { get; set; } = "controlplane";

    /// <summary>
    /// Once the pods are ready, bring Patroni's synchronous_mode settings in line with the spec through its REST API
    /// (bootstrap values only apply to a new cluster). Off only where no Patroni answers, such as API-only tests.
    /// </summary>
    public bool ManagePatroniConfig { get; set; } = true;

    /// <summary>
    /// Once the primary is ready, create the customer's role and database over SQL (as the superuser, from the control
    /// plane's namespace, which the NetworkPolicy then admits to port 5432). Off only where no PostgreSQL answers.
    /// </summary>
    public bool ManageApplicationDatabase { get; set; } = true;

    public TimeSpan RequeueAfter { get; set; } = TimeSpan.FromSeconds(10);

    [Range(0, 20)]
    public int ApiRetryAttempts { get; set; } = 4;

    public TimeSpan ApiRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Client-side cap on requests per second to the API server (client-go's QPS; the pod watch counts once, when it
    /// opens), 0 for none. The default is a guard rail against a runaway loop rather than a pace: a resync of 1,000
    /// instances needs about 15 requests each, and at client-go's default of 5 per second it would take most of an
    /// hour. The API server protects itself with Priority and Fairness (429 + Retry-After, which the applier retries);
    /// lower this on a shared cluster whose operators ask a controller to stay under a budget.
    /// </summary>
    [Range(0, 100_000)]
    public double ApiQueriesPerSecond { get; set; } = 1_000;

    /// <summary>Requests allowed at once above <see cref="ApiQueriesPerSecond"/> after a quiet spell (client-go's burst).</summary>
    [Range(1, 100_000)]
    public int ApiBurst { get; set; } = 2_000;

    public TimeSpan PatroniRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan WatchRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan WatchRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The server ends each watch after this long; the watcher resumes from its last resourceVersion.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public string ImageFor(int postgresMajor) =>
        Images.TryGetValue(postgresMajor.ToString(System.Globalization.CultureInfo.InvariantCulture), out var image) ? image : DefaultImage;
}
