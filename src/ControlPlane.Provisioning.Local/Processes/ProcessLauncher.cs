using System.Diagnostics;
using System.Text;

namespace ControlPlane.Provisioning.Local.Processes;

/// <summary>
/// Starts long-lived daemons as the OS user in their own session (so a signal to the worker's process group
/// does not reach them), with stdio on a log file and the real pid written by the shell before it execs.
/// Every process starts in its own directory with a minimal environment (<see cref="ChildEnvironment"/>).
/// </summary>
public sealed class ProcessLauncher(OsUser user, TimeProvider timeProvider)
{
    public async Task StartAsync(
        string executable, IReadOnlyList<string> arguments, string pidFile, string logFile, string workingDirectory, CancellationToken cancellationToken)
    {
        var script = new StringBuilder()
            .Append("echo $$ > ").Append(Quote(pidFile)).Append(" && ")
            .Append("exec ").Append(Quote(executable));
        foreach (var argument in arguments)
        {
            script.Append(' ').Append(Quote(argument));
        }

        script.Append(" >> ").Append(Quote(logFile)).Append(" 2>&1 < /dev/null");

        // Return only once the new pid is on disk: until then a supervision pass would see the old, dead pid
        // and start a second copy.
        File.Delete(pidFile);
        await RunAsync(["setsid", "/bin/sh", "-c", script.ToString()], workingDirectory, waitForExit: false, cancellationToken);
        var deadline = timeProvider.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (ProcessInspector.ReadPidFile(pidFile) is null)
        {
            if (timeProvider.GetUtcNow() >= deadline)
            {
                throw new InvalidOperationException($"{Path.GetFileName(executable)} did not start; see {logFile}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeProvider, cancellationToken);
        }
    }

    /// <summary>Runs a short command as the OS user in <paramref name="workingDirectory"/> and returns its exit code (e.g. HAProxy, which daemonizes itself).</summary>
    public Task<int> RunToCompletionAsync(IReadOnlyList<string> command, string workingDirectory, CancellationToken cancellationToken) =>
        RunAsync(command, workingDirectory, waitForExit: true, cancellationToken);

    /// <summary>
    /// Runs a command as the OS user and returns its exit code and output (pgBackRest's JSON, its error lines). The
    /// process is killed when <paramref name="timeout"/> passes or the caller cancels.
    /// </summary>
    public async Task<CommandOutput> RunCapturedAsync(
        IReadOnlyList<string> command, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(user.IsCurrentUser ? command[0] : "runuser")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        ChildEnvironment.Apply(start, workingDirectory);
        if (!user.IsCurrentUser)
        {
            foreach (var part in new[] { "-u", user.Name, "--", command[0] })
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (var part in command.Skip(1))
        {
            start.ArgumentList.Add(part);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}");
        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            return new CommandOutput(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return new CommandOutput(-1, "", $"{Path.GetFileName(command[0])} did not finish within {timeout}");
        }
    }

    private async Task<int> RunAsync(IReadOnlyList<string> command, string workingDirectory, bool waitForExit, CancellationToken cancellationToken)
    {
        // The outer shell detaches the worker's stdio: a daemon must never hold the worker's stdout open.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        ChildEnvironment.Apply(start, workingDirectory);
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" < /dev/null > /dev/null 2>&1");
        start.ArgumentList.Add("sh");
        if (!user.IsCurrentUser)
        {
            foreach (var part in new[] { "runuser", "-u", user.Name, "--" })
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (var part in command)
        {
            start.ArgumentList.Add(part);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}");
        if (!waitForExit)
        {
            // Keep the handle until runuser exits so .NET reaps it instead of leaving a zombie behind.
            _ = process.WaitForExitAsync(CancellationToken.None).ContinueWith(_ => process.Dispose(), TaskScheduler.Default);
            return 0;
        }

        using (process)
        {
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode;
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
