import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The server process's memory and CPU time as Linux's /proc tells them, for the benchmarks' reports. */
final class ServerStats {

    private final long pid;

    ServerStats(long pid) {
        this.pid = pid;
    }

    long rssKb() throws IOException {
        return statusKb("VmRSS:");
    }

    /** The resident set's high-water mark over the process's life. */
    long peakRssKb() throws IOException {
        return statusKb("VmHWM:");
    }

    /** utime + stime, in clock ticks (1/100 s on Linux). */
    long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
