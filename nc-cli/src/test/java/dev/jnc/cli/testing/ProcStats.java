package dev.jnc.cli.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the kernel says about a running process, from {@code /proc/<pid>}: its open descriptors,
 * threads, resident memory and CPU time. Linux only; tests that use it assume {@code /proc}.
 *
 * @param descriptors entries in {@code /proc/<pid>/fd}
 * @param threads the {@code Threads:} line of {@code status}
 * @param residentKib the {@code VmRSS:} line of {@code status}, in KiB
 * @param cpuTicks user plus system time from {@code stat}, in clock ticks (usually 1/100 s)
 */
public record ProcStats(int descriptors, int threads, long residentKib, long cpuTicks) {

  public static boolean available() {
    return Files.isDirectory(Path.of("/proc/self/fd"));
  }

  public static ProcStats of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      int descriptors;
      try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
        descriptors = (int) fds.count();
      }
      List<String> status = Files.readAllLines(proc.resolve("status"));
      String stat = Files.readString(proc.resolve("stat"));
      // The command name in parentheses may hold spaces: count fields after its closing one.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return new ProcStats(
          descriptors, (int) field(status, "Threads:"), field(status, "VmRSS:"), ticks);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + proc, e);
    }
  }

  private static long field(List<String> status, String name) {
    return status.stream()
        .filter(line -> line.startsWith(name))
        .map(line -> line.substring(name.length()).strip().split("\\s+")[0])
        .mapToLong(Long::parseLong)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + name + " in status"));
  }
}
