using System.Text.RegularExpressions;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// Turns the exception a pass threw into the text the customer reads on the instance: the messages of the chain, with
/// the instance's own secrets and anything shaped like a password, a connection string's secret or a key removed.
/// Exception messages come from libraries we do not control (Npgsql, the Kubernetes client, Patroni's replies), so
/// scrubbing by shape backs up scrubbing by value.
/// </summary>
public static partial class ReconcileErrorText
{
    public const int MaxLength = 1000;
    private const string Hidden = "***";

    public static string Describe(Exception exception, InstanceCredentials? credentials)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null && messages.Count < 4; current = current.InnerException)
        {
            var message = current.Message.Trim();
            if (message.Length > 0 && !messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return Scrub(string.Join(": ", messages), credentials);
    }

    public static string Scrub(string text, InstanceCredentials? credentials)
    {
        if (credentials is not null)
        {
            string[] secrets = [credentials.Password, credentials.SuperuserPassword, credentials.ReplicationPassword, credentials.PatroniApiPassword];
            foreach (var secret in secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length))
            {
                text = text.Replace(secret, Hidden, StringComparison.Ordinal);
            }
        }

        text = KeyValueSecret().Replace(text, m => m.Groups["key"].Value + m.Groups["sep"].Value + Hidden);
        text = UriUserInfo().Replace(text, m => m.Groups["user"].Value + Hidden + "@");
        text = LongToken().Replace(text, Hidden);
        return text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";
    }

    [GeneratedRegex("""(?<key>\b(?:password|passwd|pwd|secret|token|api[_-]?key|master[_-]?key|authorization)\b)(?<sep>["']?\s*[=:]\s*)(?:"[^"]*"|'[^']*'|(?:bearer|basic)\s+\S+|[^\s;,&]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex KeyValueSecret();

    [GeneratedRegex("""(?<user>://[^/\s:@]+:)[^@\s/]+@""")]
    private static partial Regex UriUserInfo();

    // Key material and tokens: long unbroken runs of base64 or hex. Paths, ids and resource names have separators
    // (slashes, dots, dashes) and stay readable.
    [GeneratedRegex("""(?<![\w/.\-])[A-Za-z0-9+_]{40,}={0,2}(?![\w\-])""")]
    private static partial Regex LongToken();
}
