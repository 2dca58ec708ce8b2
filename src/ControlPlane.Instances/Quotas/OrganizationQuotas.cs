using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ControlPlane.Instances.Quotas;

/// <summary>
/// The one place an organisation's quotas are checked: instances and gigabytes of volume, before a create or a change
/// that grows them. <see cref="ReserveAsync"/> decides, before anything is written: it compares what the organisation
/// holds and what requests in flight have reserved with the limits, and reserves this request's share. What is held is
/// known from an upper bound (<see cref="QuotaUsageBound"/>) and counted only near the limit: a count on every create
/// grew with the organisation and capped its creates (104-130/s at 5,000 instances). The change then commits on its
/// own, and <see cref="ReleaseAsync"/> drops the reservation once the change is counted as held.
/// Why the bound's row is the lock, and is held for one statement: the decisions of an organisation must be
/// serialised, and whatever serialises them caps its creates. Held through the change's commit, a lock serialised the
/// organisation's commits on the disk's flush (33 creates/s in the two-API bench); held across client round trips, on
/// a busy API's scheduling (64/s); the organisation's row locked for a batch of five statements still queued 87 s of
/// the bench's 100 s of statement time behind it (17 ms per create at 200 creates/s on two cores), and its tuple lock
/// met every insert's foreign-key check on the same row. A conditional update of the bound, on an unlogged table, is
/// one statement that writes no WAL, so its lock lasts microseconds and its commit waits for no flush.
/// </summary>
public sealed class OrganizationQuotas(ControlPlaneDbContext db, IOptions<QuotaOptions> options)
{
    public const string Instances = "instances";
    public const string StorageGb = "storageGb";

    /// <summary>Long enough for any request's commit; a request killed before its release stops holding quota after it.</summary>
    private static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a bound is trusted before a count sets it again. Nothing but a reservation should add to what an
    /// organisation holds, but a row written another way (support's repair, a restore of the database) must not
    /// escape the quota for longer than this.
    /// </summary>
    private static readonly TimeSpan BoundLifetime = TimeSpan.FromSeconds(30);

    /// <summary>
    /// What an organisation's instances not yet deleted hold ($1: the organisation). Volume counts every member's own
    /// copy of the data: the rule of <see cref="QuotaDemand.Volume"/>, over rows.
    /// </summary>
    private const string HeldSql = """
        SELECT count(*)::bigint AS instances,
               coalesce(sum(storage_gb::bigint * (1 + CASE WHEN ha_enabled THEN replicas ELSE 0 END)), 0)::bigint AS storage_gb
        FROM instances WHERE organization_id = $1 AND status <> 'deleted'
        """;

    /// <summary>
    /// Reserves the demand if what the organisation holds, plus what other requests in flight reserved, plus the demand
    /// fits. Call before saving the change, and <see cref="ReleaseAsync"/> after its commit (or its failure).
    /// </summary>
    /// <returns>The reservation, or the 409 naming the quota.</returns>
    internal async Task<(Guid? Reservation, Refusal.QuotaExceeded? Refusal)> ReserveAsync(
        Guid organizationId, QuotaDemand demand, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // Far from the limit, which is nearly always, the bound decides without counting anything.
            if (await ReserveWithinBoundAsync(connection, organizationId, id, demand, cancellationToken))
            {
                return (id, null);
            }

            var (usage, limits, reserved) = await ReserveByCountAsync(connection, organizationId, id, demand, cancellationToken);
            return reserved
                ? (id, null)
                : (null, Exceeded(limits, usage, demand)
                    ?? throw new InvalidOperationException("The quota reservation was refused on a usage that fits."));
        }
        catch when (connection.FullState.HasFlag(System.Data.ConnectionState.Open))
        {
            // A failed batch leaves its transaction open and aborted; the connection must not go back to EF that way.
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Raises the organisation's <see cref="QuotaUsageBound"/> by the demand and reserves it, if the raised bound is
    /// within the limits; false when there is no recent bound or the demand would cross it (then only a count decides).
    /// One statement: the update's row lock is what serialises it with other reservations and with a count, and
    /// READ COMMITTED re-checks its condition on the row a concurrent count or reservation left.
    /// </summary>
    private async Task<bool> ReserveWithinBoundAsync(
        NpgsqlConnection connection, Guid organizationId, Guid id, QuotaDemand demand, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH limits AS (
                SELECT coalesce(o.max_instances, $5)::bigint AS max_instances, coalesce(o.max_storage_gb, $6)::bigint AS max_storage_gb
                FROM (VALUES (1)) AS one LEFT JOIN organizations o ON o.id = $1),
            bound AS (
                UPDATE quota_usage_bounds b SET instances = b.instances + $3, storage_gb = b.storage_gb + $4
                FROM limits l
                WHERE b.organization_id = $1 AND b.counted_at > now() - $7
                  AND ($3 <= 0 OR b.instances + $3 <= l.max_instances) AND ($4 <= 0 OR b.storage_gb + $4 <= l.max_storage_gb)
                RETURNING 1),
            reservation AS (
                INSERT INTO quota_reservations (id, organization_id, instances, storage_gb, expires_at)
                SELECT $2, $1, $3, $4, now() + $8 FROM bound
                RETURNING id)
            SELECT EXISTS (SELECT 1 FROM reservation)
            """, connection);
        foreach (var value in new object[]
                 {
                     organizationId, id, demand.Instances, demand.StorageGb, options.Value.MaxInstances, (long)options.Value.MaxStorageGb,
                     BoundLifetime, ReservationLifetime,
                 })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// Counts what the organisation holds and what requests in flight reserved, reserves the demand if it fits, and sets
    /// the bound from that count.
    /// </summary>
    private async Task<(QuotaUsage Usage, QuotaUsage Limits, bool Reserved)> ReserveByCountAsync(
        NpgsqlConnection connection, Guid organizationId, Guid id, QuotaDemand demand, CancellationToken cancellationToken)
    {
        await using var batch = LockedBatch(connection, organizationId);
        batch.BatchCommands.Add(Command(
            "DELETE FROM quota_reservations WHERE organization_id = $1 AND expires_at <= now()", organizationId));
        batch.BatchCommands.Add(Command($"""
            WITH held AS ({HeldSql}),
            reserved AS (
                SELECT coalesce(sum(instances), 0)::bigint AS instances, coalesce(sum(storage_gb), 0)::bigint AS storage_gb
                FROM quota_reservations WHERE organization_id = $1 AND expires_at > now()),
            usage AS (
                SELECT h.instances + r.instances AS instances, h.storage_gb + r.storage_gb AS storage_gb,
                       coalesce(o.max_instances, $5)::bigint AS max_instances, coalesce(o.max_storage_gb, $6)::bigint AS max_storage_gb
                FROM held h CROSS JOIN reserved r LEFT JOIN organizations o ON o.id = $1),
            reservation AS (
                INSERT INTO quota_reservations (id, organization_id, instances, storage_gb, expires_at)
                SELECT $2, $1, $3, $4, now() + $7 FROM usage u
                WHERE ($3 <= 0 OR u.instances + $3 <= u.max_instances) AND ($4 <= 0 OR u.storage_gb + $4 <= u.max_storage_gb)
                RETURNING id),
            bound AS (
                INSERT INTO quota_usage_bounds (organization_id, instances, storage_gb, counted_at)
                SELECT $1,
                       u.instances + CASE WHEN EXISTS (SELECT 1 FROM reservation) THEN $3 ELSE 0 END,
                       u.storage_gb + CASE WHEN EXISTS (SELECT 1 FROM reservation) THEN $4 ELSE 0 END,
                       now()
                FROM usage u
                ON CONFLICT (organization_id) DO UPDATE
                SET instances = excluded.instances, storage_gb = excluded.storage_gb, counted_at = excluded.counted_at)
            SELECT u.instances, u.storage_gb, u.max_instances, u.max_storage_gb, EXISTS (SELECT 1 FROM reservation)
            FROM usage u
            """,
            organizationId, id, demand.Instances, demand.StorageGb, options.Value.MaxInstances, (long)options.Value.MaxStorageGb,
            ReservationLifetime));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await ReadLastRowAsync(reader, 5, cancellationToken))
        {
            throw new InvalidOperationException("The quota reservation returned no row.");
        }

        return (new QuotaUsage(reader.GetInt64(0), reader.GetInt64(1)), new QuotaUsage(reader.GetInt64(2), reader.GetInt64(3)),
            reader.GetBoolean(4));
    }

    /// <summary>
    /// A transaction that takes the lock of the organisation's bound (creating a stale bound first, so there is a row to
    /// lock), in one batch with what follows, so that the lock is held inside one round trip on the server. Statements of
    /// a batch each take a snapshot of their own, so what follows sees every reservation that committed before the lock
    /// was taken, and no reservation can commit until the count has set the bound. Every table it writes is unlogged,
    /// so its commit waits for no flush.
    /// </summary>
    private static NpgsqlBatch LockedBatch(NpgsqlConnection connection, Guid organizationId)
    {
        var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        batch.BatchCommands.Add(Command("""
            INSERT INTO quota_usage_bounds (organization_id, instances, storage_gb, counted_at)
            VALUES ($1, 0, 0, '-infinity') ON CONFLICT (organization_id) DO NOTHING
            """, organizationId));
        // No columns: its row set is not mistaken for the decision that follows.
        batch.BatchCommands.Add(Command("SELECT FROM quota_usage_bounds WHERE organization_id = $1 FOR UPDATE", organizationId));
        return batch;
    }

    /// <summary>Moves to the first row of the batch's statement that returns <paramref name="fields"/> columns.</summary>
    private static async Task<bool> ReadLastRowAsync(NpgsqlDataReader reader, int fields, CancellationToken cancellationToken)
    {
        while (reader.FieldCount != fields || !await reader.ReadAsync(cancellationToken))
        {
            if (!await reader.NextResultAsync(cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Drops a reservation once its change is committed (and counted as held) or has failed.</summary>
    internal async Task ReleaseAsync(Guid reservation)
    {
        // An unlogged row: its delete writes no WAL, so its commit waits for no flush.
        await db.Database.ExecuteSqlAsync($"DELETE FROM quota_reservations WHERE id = {reservation}", CancellationToken.None);
    }

    private static Refusal.QuotaExceeded? Exceeded(QuotaUsage limits, QuotaUsage usage, QuotaDemand demand) =>
        demand.Instances > 0 && usage.Instances + demand.Instances > limits.Instances
            ? new(Instances, limits.Instances, usage.Instances, demand.Instances, "instances")
        : demand.StorageGb > 0 && usage.StorageGb + demand.StorageGb > limits.StorageGb
            ? new(StorageGb, limits.StorageGb, usage.StorageGb, demand.StorageGb, "GB of volume (storage × members)")
        : null;

    public QuotaUsage LimitsOf(Organization? organization) => new(
        organization?.MaxInstances ?? options.Value.MaxInstances,
        organization?.MaxStorageGb ?? options.Value.MaxStorageGb);

    /// <summary>What the organisation's instances not yet deleted hold.</summary>
    public async Task<QuotaUsage> UsageAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(HeldSql, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = organizationId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new QuotaUsage(reader.GetInt64(0), reader.GetInt64(1));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
