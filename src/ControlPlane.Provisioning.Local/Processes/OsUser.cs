namespace ControlPlane.Provisioning.Local.Processes;

/// <summary>The account processes run as. When the worker already is that account, no <c>runuser</c> and no chown are needed.</summary>
public sealed record OsUser(string Name, int Uid, int Gid, bool IsCurrentUser)
{
    public static OsUser Resolve(string name)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && string.Equals(fields[0], name, StringComparison.Ordinal))
            {
                var uid = int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
                var gid = int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture);
                return new OsUser(name, uid, gid, uid == NativeMethods.GetEffectiveUserId());
            }
        }

        throw new InvalidOperationException($"OS user '{name}' does not exist on this machine.");
    }
}
