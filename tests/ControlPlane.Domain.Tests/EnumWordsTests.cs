using ControlPlane.Domain.Instances;
using ControlPlane.Domain.Operations;

namespace ControlPlane.Domain.Tests;

public sealed class EnumWordsTests
{
    [Fact]
    public void Should_name_each_member_in_lower_case()
    {
        Assert.Equal(["provisioning", "available", "updating", "deleting", "deleted", "failed"], EnumWords.All<InstanceStatus>());
        Assert.Equal("rotatecredentials", EnumWords.Word(OperationType.RotateCredentials));
        Assert.Equal("synchronous", EnumWords.Word(ReplicationMode.Synchronous));
    }

    [Fact]
    public void Should_read_back_every_word_it_writes()
    {
        foreach (var status in Enum.GetValues<InstanceStatus>())
        {
            Assert.Equal(status, EnumWords.Parse<InstanceStatus>(EnumWords.Word(status)));
        }
    }

    [Theory]
    [InlineData("Synchronous")]
    [InlineData("0")]
    [InlineData("quorum")]
    [InlineData("")]
    public void Should_not_take_anything_but_a_word_for_a_value(string word)
    {
        Assert.False(EnumWords.TryParse<ReplicationMode>(word, out _));
        var error = Assert.Throws<FormatException>(() => EnumWords.Parse<ReplicationMode>(word));
        Assert.Contains("'synchronous' or 'asynchronous'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_list_the_choices_as_messages_name_them()
    {
        Assert.Equal("'preferred' or 'required'", EnumWords.Choices<DataDurability>());
        Assert.Equal("one of pending, running, succeeded, failed", EnumWords.Choices<OperationStatus>());
    }
}
