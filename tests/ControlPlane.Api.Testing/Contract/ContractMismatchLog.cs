using System.Collections.Concurrent;

namespace ControlPlane.Api.Testing.Contract;

/// <summary>
/// Every distinct mismatch of this test run, also appended to contract-mismatches.log beside the test assembly as it
/// is found, so a run that collects rather than fails still says what the document lacks.
/// </summary>
public static class ContractMismatchLog
{
    private static readonly ConcurrentDictionary<string, ContractMismatch> Seen = new();
    private static readonly Lock FileLock = new();

    public static string FilePath { get; } = Path.Combine(AppContext.BaseDirectory, "contract-mismatches.log");

    public static IReadOnlyCollection<ContractMismatch> All => [.. Seen.Values];

    public static void Record(IEnumerable<ContractMismatch> mismatches, string seenBy)
    {
        foreach (var mismatch in mismatches)
        {
            if (Seen.TryAdd(mismatch.Key, mismatch))
            {
                lock (FileLock)
                {
                    File.AppendAllText(FilePath, $"{mismatch} [first seen by {seenBy}]{Environment.NewLine}");
                }
            }
        }
    }
}
