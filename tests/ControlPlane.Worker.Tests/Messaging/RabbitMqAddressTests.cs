using ControlPlane.Provisioning.Messaging;

namespace ControlPlane.Worker.Tests.Messaging;

public sealed class RabbitMqAddressTests
{
    [Fact]
    public void Should_read_credentials_port_and_default_vhost_from_an_amqp_uri()
    {
        var address = RabbitMqAddress.Parse("amqp://guest:guest@127.0.0.1:5672/");

        Assert.Equal(new RabbitMqAddress("127.0.0.1", 5672, "/", "guest", "guest"), address);
    }

    [Fact]
    public void Should_unescape_the_password_and_read_a_named_vhost()
    {
        var address = RabbitMqAddress.Parse("amqp://cp:p%40ss%2Fword@127.0.0.1:55772/controlplane");

        Assert.Equal("p@ss/word", address.Password);
        Assert.Equal("controlplane", address.VirtualHost);
        Assert.Equal(55772, address.Port);
    }

    [Fact]
    public void Should_never_print_the_password()
    {
        var address = RabbitMqAddress.Parse("amqp://cp:secret-value@127.0.0.1:5672/");

        Assert.DoesNotContain("secret-value", address.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_a_uri_that_is_not_amqp()
    {
        Assert.Throws<FormatException>(() => RabbitMqAddress.Parse("http://127.0.0.1:5672/"));
    }
}
