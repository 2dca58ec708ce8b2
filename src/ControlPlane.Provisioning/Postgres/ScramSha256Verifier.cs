using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Provisioning.Postgres;

/// <summary>
/// The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802 and 7677, in PostgreSQL's text form
/// <c>SCRAM-SHA-256$&lt;iterations&gt;:&lt;salt&gt;$&lt;StoredKey&gt;:&lt;ServerKey&gt;</c>). Sending this instead of the
/// password in CREATE/ALTER ROLE keeps the clear password out of every server log (Spilo logs DDL), and PostgreSQL
/// stores a string of this form as it is. No NuGet package restorable here computes it, hence this file.
/// </summary>
public static class ScramSha256Verifier
{
    /// <summary>PostgreSQL's default (scram_iterations), so our verifiers cost a login what PostgreSQL's own do.</summary>
    public const int DefaultIterations = 4096;

    private const int SaltBytes = 16;

    public static string Compute(string password) => Compute(password, RandomNumberGenerator.GetBytes(SaltBytes), DefaultIterations);

    public static string Compute(string password, byte[] salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var normalized = SaslPrep(password);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(normalized), salt, iterations, HashAlgorithmName.SHA256, SHA256.HashSizeInBytes);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}");
    }

    /// <summary>
    /// PostgreSQL runs the password through SASLprep (RFC 4013) first, which is the identity for printable ASCII.
    /// The control plane only ever generates such passwords (base64url), so anything else is refused rather than
    /// hashed by a partial SASLprep into a verifier no login would match.
    /// </summary>
    private static string SaslPrep(string password)
    {
        foreach (var c in password)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException("Only printable ASCII passwords can be turned into a SCRAM verifier here.", nameof(password));
            }
        }

        return password;
    }
}
