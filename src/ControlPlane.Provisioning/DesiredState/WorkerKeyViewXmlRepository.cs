using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ControlPlane.Provisioning.DesiredState;

/// <summary>
/// The API's Data Protection key ring, read through the worker_data_protection_keys view. Read-only: the worker
/// never creates keys (it could not write them, and two writers would fork the ring).
/// </summary>
public sealed class WorkerKeyViewXmlRepository(WorkerMetadataDataSource metadata) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // Data Protection calls this synchronously, and rarely (it caches the ring), so sync I/O is acceptable.
        using var command = metadata.DataSource.CreateCommand("SELECT xml FROM worker_data_protection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName) =>
        throw new InvalidOperationException(
            $"The worker's key ring is read-only; key '{friendlyName}' must be created by the API.");
}
