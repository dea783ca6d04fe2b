package io.blastwall.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time (user + system) consumed by a process, read from {@code /proc} (Linux): the figure that stays meaningful
 * on a shared machine, where latency mostly measures the neighbours. Optionally adds the process's live children and
 * the children it already reaped (PostgreSQL's backends under its postmaster). Stateless.
 */
final class ProcessCpu {

    /** USER_HZ: the unit of /proc/PID/stat times, 100 on every mainstream Linux. */
    private static final double TICKS = 100.0;

    private ProcessCpu() {
    }

    /** CPU seconds of {@code pid}; with {@code children}, also of its live and reaped children. NaN when unknown. */
    static double seconds(long pid, boolean children) {
        try {
            long[] self = stat(pid);
            double total = self[1] + self[2] + (children ? self[3] + self[4] : 0);
            if (children) {
                try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                    for (Path p : (Iterable<Path>) procs::iterator) {
                        String name = p.getFileName().toString();
                        if (!name.chars().allMatch(Character::isDigit)) continue;
                        try {
                            long[] s = stat(Long.parseLong(name));
                            if (s[0] == pid) total += s[1] + s[2];
                        } catch (IOException | RuntimeException gone) {
                            // exited between listing and reading
                        }
                    }
                }
            }
            return total / TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** {ppid, utime, stime, cutime, cstime} of a process. */
    private static long[] stat(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        return new long[]{Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14])};
    }

    /** The postmaster's pid from a PostgreSQL data directory, or -1. */
    static long postmaster(Path pgdata) {
        try {
            return Long.parseLong(Files.readAllLines(pgdata.resolve("postmaster.pid")).getFirst().strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
