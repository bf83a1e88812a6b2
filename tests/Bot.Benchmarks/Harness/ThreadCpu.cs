using System.Runtime.InteropServices;

namespace Bot.Benchmarks.Harness;

/// <summary>
/// CPU time the calling thread has used (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), to measure an answer's own work apart
/// from the time it waits for a core on a loaded machine. Elsewhere, or if the call fails, 0: the figure reads 0.
/// </summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>The calling thread's CPU time so far, in milliseconds.</summary>
    public static double NowMs()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        return clock_gettime(ClockThreadCpuTimeId, out var time) == 0 ? (time.Seconds * 1e3) + (time.Nanoseconds / 1e6) : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code for the out struct; this is a harness.
    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
#pragma warning restore SYSLIB1054
}
