using ControlPlane.Contracts.Events;

namespace ControlPlane.Domain.Tests;

public sealed class MemberRolesTests
{
    [Theory]
    [InlineData("leader", MemberRole.Primary)]
    [InlineData("master", MemberRole.Primary)]
    [InlineData("primary", MemberRole.Primary)]
    [InlineData(" Master ", MemberRole.Primary)]
    [InlineData("replica", MemberRole.Replica)]
    [InlineData("sync_standby", MemberRole.Replica)]
    [InlineData("standby_leader", MemberRole.Replica)]
    [InlineData("REPLICA", MemberRole.Replica)]
    [InlineData("", MemberRole.Unknown)]
    [InlineData(null, MemberRole.Unknown)]
    [InlineData("uninitialized", MemberRole.Unknown)]
    public void Should_map_patroni_and_spilo_roles(string? role, MemberRole expected) => Assert.Equal(expected, MemberRoles.Map(role));

    [Theory]
    [InlineData("sync_standby", true)]
    [InlineData("SYNC_STANDBY", true)]
    [InlineData("replica", false)]
    [InlineData("leader", false)]
    [InlineData(null, false)]
    public void Should_flag_only_the_synchronous_standby(string? role, bool synchronous) => Assert.Equal(synchronous, MemberRoles.IsSynchronous(role));

    [Theory]
    [InlineData(MemberRole.Primary, "primary")]
    [InlineData(MemberRole.Replica, "replica")]
    [InlineData(MemberRole.Unknown, "unknown")]
    public void Should_name_roles_in_the_api_vocabulary(MemberRole role, string word) => Assert.Equal(word, MemberRoles.ToApi(role));
}
