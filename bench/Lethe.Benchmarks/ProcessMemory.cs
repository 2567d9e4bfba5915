using System.Globalization;

namespace Lethe.Benchmarks;

/// <summary>This process's resident set, from /proc (Linux).</summary>
internal static class ProcessMemory
{
    /// <summary>Resets the peak resident set size (VmHWM) to the current one (Linux 4.0 and later).</summary>
    public static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>A field of /proc/self/status in bytes, e.g. VmHWM (the peak) or VmRSS (now).</summary>
    public static long Read(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
