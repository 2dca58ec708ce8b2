using System.Diagnostics;
using System.Text;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>One of the product's hosts (API or worker) run from its build output as a child process.</summary>
public sealed class ProductProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private StreamWriter? _log;
    private long _trimmed;

    private ProductProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int Pid => _process.Id;

    /// <summary>A mark in the output: <see cref="OutputSince"/> gives what the process wrote after it.</summary>
    public long OutputMark
    {
        get
        {
            lock (_output)
            {
                return _trimmed + _output.Length;
            }
        }
    }

    public string OutputSince(long mark)
    {
        lock (_output)
        {
            var start = (int)Math.Max(0, mark - _trimmed);
            return start >= _output.Length ? "" : _output.ToString(start, _output.Length - start);
        }
    }

    /// <summary>
    /// Starts the host in <paramref name="workingDirectory"/> (its build output when null); its whole output also goes
    /// to <paramref name="logFile"/> for diagnosis after a failure. The content root stays the build output, so the
    /// host reads its appsettings wherever it runs.
    /// </summary>
    public static ProductProcess Start(string dll, IReadOnlyDictionary<string, string> environment, string logFile, string? workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        info.Environment["DOTNET_CONTENTROOT"] = Path.GetDirectoryName(dll)!;
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var product = new ProductProcess(process);
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        product._log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => product.Append(e.Data);
        process.ErrorDataReceived += (_, e) => product.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return product;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first so hosts stop cleanly (the worker leaves its clusters to the test's own cleanup).
            _ = NativeSignals.Terminate(_process.Id);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        lock (_output)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep the tail only: the worker logs for minutes.
            if (_output.Length > 400_000)
            {
                _output.Remove(0, 200_000);
                _trimmed += 200_000;
            }

            _output.AppendLine(line);
            _log?.WriteLine(line);
        }
    }
}
