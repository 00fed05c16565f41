package dev.jnc.cli.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

  /**
   * The state letter ({@code R} running or ready, {@code S} asleep, ...) of the thread of {@code
   * pid} named {@code name}, if it has one. The thread whose id is the process's own is left out:
   * the JVM's main thread bears the launcher's name, {@code java}, as that first thread does.
   */
  public static Optional<Character> threadState(long pid, String name) throws IOException {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (Stream<Path> listed = Files.list(tasks)) {
      for (Path task : listed.toList()) {
        if (task.getFileName().toString().equals(Long.toString(pid))) {
          continue;
        }
        Optional<String> comm = readIfThere(task.resolve("comm"));
        Optional<String> stat = readIfThere(task.resolve("stat"));
        if (comm.isPresent() && stat.isPresent() && comm.get().strip().equals(name)) {
          return Optional.of(stat.get().charAt(stat.get().lastIndexOf(')') + 2));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> readIfThere(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException e) {
      return Optional.empty(); // the thread ended while listed
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
