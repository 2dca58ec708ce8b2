using ControlPlane.Provisioning.Postgres;

namespace ControlPlane.Provisioning.Tests.Postgres;

/// <summary>Against verifiers PostgreSQL 15 stored itself (CREATE ROLE ... PASSWORD with password_encryption = scram-sha-256).</summary>
public sealed class ScramSha256VerifierTests
{
    [Theory]
    [InlineData("correct horse battery staple",
        "SCRAM-SHA-256$4096:BMmPHCi8uG3f+S8hQo9Slw==$rqJkf54ml1F2rGUqX6/X0k+/YScA3LoMXJnKwonTpmc=:tsvVzXwTnfsMb56KceIHZtDz8N+/ruaeGuexfbA4EXk=")]
    [InlineData("Zq3-_x8w0rdBase64UrlSecretAAAA",
        "SCRAM-SHA-256$4096:pb0P7LsZxCP+ebs2Yive3A==$hk1EqMND/CRpWBKiG31p0//xckTbncdt4PGXAa1pqjg=:KFX4JmhjzO7KuFijwGIHszNTVtIcmajlHrEFV3Si3aI=")]
    public void Should_compute_the_verifier_postgres_computes_for_the_same_salt(string password, string postgresVerifier)
    {
        var salt = Convert.FromBase64String(postgresVerifier.Split('$')[1].Split(':')[1]);

        Assert.Equal(postgresVerifier, ScramSha256Verifier.Compute(password, salt, 4096));
    }

    [Fact]
    public void Should_use_a_fresh_salt_each_time_and_never_contain_the_password()
    {
        const string password = "app-pw-7f3a9c";

        var first = ScramSha256Verifier.Compute(password);
        var second = ScramSha256Verifier.Compute(password);

        Assert.NotEqual(first, second);
        Assert.StartsWith("SCRAM-SHA-256$4096:", first, StringComparison.Ordinal);
        Assert.DoesNotContain(password, first, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_password_that_needs_saslprep_rather_than_guess()
    {
        Assert.Throws<ArgumentException>(() => ScramSha256Verifier.Compute("pässwörd"));
    }
}
