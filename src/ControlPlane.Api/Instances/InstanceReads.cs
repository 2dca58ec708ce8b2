using ControlPlane.Api.Auth;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Instances;

/// <summary>
/// The read path's queries, compiled once: an ad-hoc LINQ query rebuilds and hashes its expression tree and
/// re-extracts its parameters on every call, which the profile of GET /v1/instances showed as a large share of a request.
/// </summary>
public static class InstanceReads
{
    private static readonly Func<ControlPlaneDbContext, Guid, CancellationToken, Task<Instance?>> ById =
        EF.CompileAsyncQuery((ControlPlaneDbContext db, Guid id, CancellationToken _) => db.Instances.AsNoTracking().SingleOrDefault(i => i.Id == id));

    // Guid.Empty sorts first in PostgreSQL's uuid order, so "after Guid.Empty" is the first page.
    private static readonly Func<ControlPlaneDbContext, Guid, Guid, int, IAsyncEnumerable<Instance>> PageOfOrganization =
        EF.CompileAsyncQuery((ControlPlaneDbContext db, Guid organizationId, Guid after, int take) => db.Instances.AsNoTracking()
            .Where(i => i.OrganizationId == organizationId && i.Id > after).OrderBy(i => i.Id).Take(take));

    private static readonly Func<ControlPlaneDbContext, Guid, int, IAsyncEnumerable<Instance>> PageOfAll =
        EF.CompileAsyncQuery((ControlPlaneDbContext db, Guid after, int take) => db.Instances.AsNoTracking()
            .Where(i => i.Id > after).OrderBy(i => i.Id).Take(take));

    public static Task<Instance?> FindAsync(ControlPlaneDbContext db, Guid id, CancellationToken cancellationToken) => ById(db, id, cancellationToken);

    /// <summary>Another organisation's instance answers exactly like a missing one: 404, never 403.</summary>
    public static async Task<Instance?> FindVisibleAsync(ControlPlaneDbContext db, Caller caller, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var instance = await ById(db, id, cancellationToken);
        return instance is not null && caller.CanSee(instance.OrganizationId) ? instance : null;
    }

    public static async Task<List<Instance>> PageAsync(ControlPlaneDbContext db, Guid? organizationId, Guid after, int take, CancellationToken cancellationToken)
    {
        var rows = new List<Instance>(take);
        var query = organizationId is { } org ? PageOfOrganization(db, org, after, take) : PageOfAll(db, after, take);
        await foreach (var row in query.WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }
}
