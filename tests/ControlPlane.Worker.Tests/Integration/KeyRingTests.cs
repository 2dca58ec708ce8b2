using ControlPlane.Security;
using System.Text.Json;
using System.Xml.Linq;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Worker.Tests.Fakes;
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
        if (TestEnvironment.PostgresAdmin is not null)
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
        await foreach (var desired in reader.ListLiveAsync("eu-test", CancellationToken.None))
        {
            Assert.Equal(TestInstances.Credentials, desired.Credentials);
        }
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
