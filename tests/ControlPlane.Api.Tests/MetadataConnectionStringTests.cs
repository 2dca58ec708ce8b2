using ControlPlane.Persistence;
using Npgsql;

namespace ControlPlane.Api.Tests;

public sealed class MetadataConnectionStringTests
{
    [Fact]
    public void Should_prepare_statements_and_skip_the_reset_when_the_operator_said_nothing()
    {
        var tuned = new NpgsqlConnectionStringBuilder(MetadataConnectionString.Tune("Host=127.0.0.1;Username=app;Password=s3cret"));

        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("s3cret", tuned.Password);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=127.0.0.1;MaxAutoPrepare=0;NoResetOnClose=false")]
    public void Should_keep_what_the_operator_set_under_either_spelling(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(MetadataConnectionString.Tune(connectionString));

        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.False(tuned.NoResetOnClose);
    }
}
