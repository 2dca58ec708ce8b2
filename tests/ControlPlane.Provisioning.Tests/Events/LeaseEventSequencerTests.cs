using ControlPlane.Domain.Ownership;
using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Ownership;
using ControlPlane.Testing.Provisioning;

namespace ControlPlane.Provisioning.Tests.Events;

public sealed class LeaseEventSequencerTests
{
    [Fact]
    public void Should_count_up_from_one_within_an_epoch()
    {
        var ownership = new FakeOwnership();
        var sequencer = new LeaseEventSequencer(ownership);
        var instanceId = Guid.NewGuid();

        var sequences = Enumerable.Range(0, 3).Select(_ => sequencer.Next(instanceId)).ToList();

        Assert.Equal([1L, 2L, 3L], sequences.Select(s => s & uint.MaxValue));
        Assert.All(sequences, s => Assert.Equal(ownership.Epoch, EventSequence.EpochOf(s)));
    }

    [Fact]
    public void Should_number_a_new_owners_first_event_above_everything_the_old_owner_sent()
    {
        // Two workers; the old owner sent many events (and under clock-based numbering its clock ran an hour ahead).
        // Order follows the epoch only, so the new owner's first event is the newest.
        var instanceId = Guid.NewGuid();
        var oldOwner = new LeaseEventSequencer(new FakeOwnership { Epoch = EventSequence.FirstEpoch + 4 });
        var newOwner = new LeaseEventSequencer(new FakeOwnership { Epoch = EventSequence.FirstEpoch + 5 });
        var oldLast = Enumerable.Range(0, 10_000).Select(_ => oldOwner.Next(instanceId)).Last();

        var newFirst = newOwner.Next(instanceId);

        Assert.True(newFirst > oldLast);
        Assert.Equal(1, newFirst & uint.MaxValue);
    }

    [Fact]
    public void Should_restart_the_counter_when_this_worker_takes_the_instance_back_under_a_new_epoch()
    {
        var ownership = new FakeOwnership();
        var sequencer = new LeaseEventSequencer(ownership);
        var instanceId = Guid.NewGuid();
        sequencer.Next(instanceId);
        sequencer.Next(instanceId);

        ownership.TakeAway(instanceId);
        ownership.GiveBack(instanceId, ownership.Epoch + 1);
        var next = sequencer.Next(instanceId);

        Assert.Equal(EventSequence.Compose(ownership.Epoch, 1), next);
    }

    [Fact]
    public void Should_refuse_a_sequence_to_a_worker_that_does_not_own_the_instance()
    {
        var ownership = new FakeOwnership();
        var sequencer = new LeaseEventSequencer(ownership);
        var instanceId = Guid.NewGuid();
        var lease = ownership.TryGet(instanceId)!;

        ownership.TakeAway(instanceId);

        Assert.Throws<LeaseLostException>(() => sequencer.Next(instanceId));
        Assert.Throws<LeaseLostException>(() => sequencer.Next(lease));
    }

    [Fact]
    public void Should_refuse_a_sequence_under_an_older_epoch_than_one_already_used()
    {
        var instanceId = Guid.NewGuid();
        var ownership = new FakeOwnership { Epoch = EventSequence.FirstEpoch + 1 };
        var sequencer = new LeaseEventSequencer(ownership);
        var stale = new FakeOwnership { Epoch = EventSequence.FirstEpoch }.TryGet(instanceId)!;
        sequencer.Next(instanceId);

        Assert.Throws<LeaseLostException>(() => sequencer.Next(stale));
    }
}
