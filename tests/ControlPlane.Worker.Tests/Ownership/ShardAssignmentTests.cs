using ControlPlane.Provisioning.Ownership;

namespace ControlPlane.Worker.Tests.Ownership;

public sealed class ShardAssignmentTests
{
    [Fact]
    public void Should_give_every_shard_to_the_only_live_worker()
    {
        var target = ShardAssignment.Assign(64, ["a"], new Dictionary<int, string>());

        Assert.Equal(64, target.Count);
        Assert.All(target.Values, w => Assert.Equal("a", w));
    }

    [Fact]
    public void Should_spread_shards_evenly_over_live_workers()
    {
        var target = ShardAssignment.Assign(64, ["c", "a", "b"], new Dictionary<int, string>());

        var counts = target.Values.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["a"] = 22, ["b"] = 21, ["c"] = 21 }, counts);
    }

    [Fact]
    public void Should_move_only_a_fair_share_to_a_worker_that_joins()
    {
        var before = ShardAssignment.Assign(64, ["a"], new Dictionary<int, string>());

        var after = ShardAssignment.Assign(64, ["a", "b"], before);

        Assert.Equal(32, after.Values.Count(w => w == "b"));
        Assert.Equal(32, after.Count(s => s.Value == "a" && before[s.Key] == "a"));
    }

    [Fact]
    public void Should_hand_a_dead_workers_shards_to_the_survivors_and_leave_theirs_in_place()
    {
        var before = ShardAssignment.Assign(64, ["a", "b", "c"], new Dictionary<int, string>());
        var live = before.Where(s => s.Value != "b").ToDictionary(s => s.Key, s => s.Value);

        var after = ShardAssignment.Assign(64, ["a", "c"], live);

        Assert.All(live, s => Assert.Equal(s.Value, after[s.Key]));
        Assert.Equal((32, 32), (after.Values.Count(w => w == "a"), after.Values.Count(w => w == "c")));
    }

    [Fact]
    public void Should_compute_the_same_owners_on_every_worker_whatever_the_order_it_lists_them_in()
    {
        var holders = new Dictionary<int, string> { [0] = "b", [1] = "b", [2] = "a" };

        var seenByA = ShardAssignment.Assign(16, ["a", "b", "c"], holders);
        var seenByC = ShardAssignment.Assign(16, ["c", "b", "a", "c"], holders);

        Assert.Equal(seenByA.OrderBy(s => s.Key), seenByC.OrderBy(s => s.Key));
    }

    [Fact]
    public void Should_take_surplus_shards_from_a_worker_that_holds_more_than_its_share()
    {
        var holders = Enumerable.Range(0, 8).ToDictionary(s => s, _ => "a");

        var target = ShardAssignment.Assign(8, ["a", "b"], holders);

        Assert.Equal([0, 1, 2, 3], target.Where(s => s.Value == "a").Select(s => s.Key).Order());
        Assert.Equal([4, 5, 6, 7], target.Where(s => s.Value == "b").Select(s => s.Key).Order());
    }
}
