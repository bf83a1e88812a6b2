namespace Bot.Benchmarks.Harness;

/// <summary>Resident memory of this process from /proc/self/status (Linux): peak (VmHWM) and current (VmRSS).</summary>
internal readonly record struct ProcessMemory(double PeakRssMb, double RssMb)
{
    public static ProcessMemory Read()
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            return new ProcessMemory(self.PeakWorkingSet64 / 1048576.0, self.WorkingSet64 / 1048576.0);
        }

        double peak = 0;
        double current = 0;
        foreach (var line in File.ReadLines(Status))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = ParseKilobytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                current = ParseKilobytes(line) / 1024.0;
            }
        }

        return new ProcessMemory(peak, current);
    }

    /// <summary>Parses a status line such as <c>VmHWM:	  123456 kB</c>.</summary>
    public static long ParseKilobytes(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split([' ', '\t', ':'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var kb) ? kb : 0;
    }
}
