using ControlPlane.Security;
using System.Text.Json;
using System.Xml.Linq;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Testing.Provisioning;
using ControlPlane.Worker.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Worker.Tests.Integration;

public sealed class KeyRingTests : IAsyncLifetime
{
    private ScratchDatabase _database = null!;

    public async Task InitializeAsync()
    {
        if (TestServices.Configured(TestServices.PostgresVariable) is not null)
        {
            _database = await ScratchDatabase.CreateAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Should_decrypt_credentials_the_api_protected_with_the_key_ring_read_from_the_view()
    {
        // The API side: a key ring of its own, credentials protected as camelCase JSON, keys stored in the table.
        var apiKeys = new MemoryXmlRepository();
        await using var api = new ServiceCollection()
            .AddDataProtection().SetApplicationName(CredentialsProtection.ApplicationName).Services
            .Configure<KeyManagementOptions>(options => options.XmlRepository = apiKeys)
            .BuildServiceProvider();
        var json = JsonSerializer.Serialize(TestInstances.Credentials, JsonSerializerOptions.Web);
        var payload = api.GetRequiredService<IDataProtectionProvider>().CreateProtector(CredentialsProtection.Purpose).Protect(json);
        foreach (var key in apiKeys.GetAllElements())
        {
            await using var insert = _database.Admin.CreateCommand("INSERT INTO data_protection_keys (friendly_name, xml) VALUES ($1, $2)");
            insert.Parameters.AddWithValue((string?)key.Attribute("id")?.Value ?? "key");
            insert.Parameters.AddWithValue(key.ToString(SaveOptions.DisableFormatting));
            await insert.ExecuteNonQueryAsync();
        }

        await _database.UpsertAsync(TestRows.Instance("eu-test") with { CredentialsProtected = payload });

        // The worker side: only the views, only the worker role.
        var services = new ServiceCollection().AddLogging();
        services.AddWorkerDesiredState(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:WorkerMetadata"] = _database.WorkerConnectionString })
            .Build());
        await using var worker = services.BuildServiceProvider();

        Assert.Equal(TestInstances.Credentials, worker.GetRequiredService<ICredentialsUnprotector>().Unprotect(payload));
        var reader = worker.GetRequiredService<IDesiredStateReader>();
        await foreach (var instanceId in reader.ListLiveIdsAsync("eu-test", CancellationToken.None))
        {
            Assert.Equal(TestInstances.Credentials, (await reader.GetAsync(instanceId, CancellationToken.None))!.Credentials);
        }
    }

    [PostgresFact]
    public async Task Should_list_every_row_and_name_the_one_whose_credentials_do_not_decrypt()
    {
        // Two key rings, as after a second clone generated its own master key: only the first one's keys are in the table.
        var (storedKeys, readable) = Protect();
        var (_, unreadable) = Protect();
        foreach (var key in storedKeys.GetAllElements())
        {
            await using var insert = _database.Admin.CreateCommand("INSERT INTO data_protection_keys (friendly_name, xml) VALUES ($1, $2)");
            insert.Parameters.AddWithValue((string?)key.Attribute("id")?.Value ?? "key");
            insert.Parameters.AddWithValue(key.ToString(SaveOptions.DisableFormatting));
            await insert.ExecuteNonQueryAsync();
        }

        var good = TestRows.Instance("eu-test") with { CredentialsProtected = readable };
        var bad = TestRows.Instance("eu-test", generation: 4) with { CredentialsProtected = unreadable };
        await _database.UpsertAsync(good);
        await _database.UpsertAsync(bad);
        var services = new ServiceCollection().AddLogging();
        services.AddWorkerDesiredState(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:WorkerMetadata"] = _database.WorkerConnectionString })
            .Build());
        await using var worker = services.BuildServiceProvider();
        var reader = worker.GetRequiredService<IDesiredStateReader>();

        var live = new List<Guid>();
        await foreach (var instanceId in reader.ListLiveIdsAsync("eu-test", CancellationToken.None))
        {
            live.Add(instanceId);
        }

        Assert.Equal(new[] { good.InstanceId, bad.InstanceId }.Order(), live.Order());
        Assert.Equal(TestInstances.Credentials, (await reader.GetAsync(good.InstanceId, CancellationToken.None))!.Credentials);
        var error = await Assert.ThrowsAsync<DesiredStateUnreadableException>(() => reader.GetAsync(bad.InstanceId, CancellationToken.None));
        Assert.Equal((bad.InstanceId, 4L, "CredentialsUnreadable"), (error.InstanceId, error.Generation, error.Reason));
        Assert.IsAssignableFrom<System.Security.Cryptography.CryptographicException>(error.InnerException);
    }

    private static (MemoryXmlRepository Keys, string Payload) Protect()
    {
        var keys = new MemoryXmlRepository();
        using var api = new ServiceCollection()
            .AddDataProtection().SetApplicationName(CredentialsProtection.ApplicationName).Services
            .Configure<KeyManagementOptions>(options => options.XmlRepository = keys)
            .BuildServiceProvider();
        var json = JsonSerializer.Serialize(TestInstances.Credentials, JsonSerializerOptions.Web);
        return (keys, api.GetRequiredService<IDataProtectionProvider>().CreateProtector(CredentialsProtection.Purpose).Protect(json));
    }

    [PostgresFact]
    public void Should_refuse_to_store_keys_through_the_worker_view()
    {
        using var metadata = WorkerMetadataDataSource.Create(_database.WorkerConnectionString);
        var repository = new WorkerKeyViewXmlRepository(metadata);

        Assert.Empty(repository.GetAllElements());
        Assert.Throws<InvalidOperationException>(() => repository.StoreElement(new XElement("key"), "key-1"));
    }

    private sealed class MemoryXmlRepository : IXmlRepository
    {
        private readonly List<XElement> _elements = [];

        public IReadOnlyCollection<XElement> GetAllElements() => [.. _elements];

        public void StoreElement(XElement element, string friendlyName) => _elements.Add(element);
    }
}
