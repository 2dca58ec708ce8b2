using ControlPlane.Api.Infrastructure;
using ControlPlane.Api.Instances;

namespace ControlPlane.Api.Tests;

public sealed class TextFieldsTests
{
    [Fact]
    public void Should_find_every_string_of_a_body_at_the_path_the_caller_wrote_it()
    {
        var request = new CreateInstanceRequest("orders", "local", "small", 16, null, new HighAvailabilityRequest(true, 2, "synchronous", "required"));

        var fields = TextFields.Of(request, "").ToDictionary(f => f.Path, f => f.Value);

        Assert.Equal(("orders", "local", "small"), (fields["name"], fields["region"], fields["plan"]));
        Assert.Equal("synchronous", fields["highAvailability.replicationMode"]);
        Assert.Equal("required", fields["highAvailability.dataDurability"]);
    }

    [Theory]
    [InlineData("plain", null)]
    [InlineData("Zürich 東京 🐘", null)]
    [InlineData("a\0b", "U+0000")]
    [InlineData("tab\there", "U+0009")]
    [InlineData("\u0085next line", "U+0085")]
    [InlineData("acme\u202Egpj.exe", "U+202E")]
    [InlineData("x\u2069", "U+2069")]
    public void Should_name_what_makes_text_unsafe(string value, string? reason)
    {
        var found = UnsafeText.Reason(value);

        if (reason is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(reason, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_refuse_unpaired_surrogates_but_not_pairs()
    {
        // Built in code: xUnit's test-case serialisation would turn a lone surrogate in InlineData into U+FFFD.
        string[] unpaired = ["lone " + '\ud800', "swapped " + '\udc00' + '\ud800', '\udc00' + "first"];

        Assert.All(unpaired, value => Assert.Contains("unpaired surrogate", UnsafeText.Reason(value), StringComparison.Ordinal));
        Assert.Null(UnsafeText.Reason("pair " + char.ConvertFromUtf32(0x1F418)));
    }
}
