package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code jnc -z 127.0.0.1 1-65535}: every port probed, every probe's socket closed. The scan runs
 * in a network namespace of its own, so it touches no other program's listener on this machine, and
 * under {@code ulimit -n 256}: with 100 probes in flight and the JVM's own descriptors, a scan that
 * leaked even one socket in a few hundred probes would run out of descriptors long before port
 * 65535 and fail with "Too many open files".
 */
class FullPortScanIT {

  private static final Duration RUN_BOUND = Duration.ofMinutes(3);

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @Test
  @Timeout(240)
  void everyPortOfLoopbackIsProbedWithinAFixedNumberOfDescriptors() throws Exception {
    assumeTrue(canUnshareNetwork(), "needs unshare -n (root or user namespaces)");
    String script =
        "ip link set lo up && ulimit -n 256 && exec "
            + Launcher.JNC
            + " -vv -n -w 2 -z 127.0.0.1 1-65535";
    try (RunningProcess jnc =
        RunningProcess.start(List.of("unshare", "-n", "sh", "-c", script), null, null)) {
      int exit = jnc.waitForExit(RUN_BOUND);
      List<String> lines = jnc.stderrLines();
      assertThat(lines).noneMatch(line -> line.contains("Too many open files"));
      assertThat(lines).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
      assertThat(lines)
          .filteredOn(line -> line.endsWith(" : Connection refused"))
          .as("a refusal for every port: nothing listens in the new namespace")
          .hasSize(65535);
      assertThat(lines).last().isEqualTo(" sent 0, rcvd 0");
      assertThat(exit).as("no port open: OpenBSD's exit rule").isEqualTo(ExitCode.NETWORK);
    }
  }

  /**
   * Under {@code ulimit -n 16} the JVM keeps some 11 descriptors for itself: a scan runs no more
   * probes at once than it has descriptors for, where it ended with "Too many open files" (300
   * ports take the selector scanner, not the native one).
   */
  @Test
  @Timeout(120)
  void aScanUnderALowDescriptorLimitProbesFewerPortsAtOnce() throws Exception {
    assumeTrue(canUnshareNetwork(), "needs unshare -n (root or user namespaces)");
    String script =
        "ip link set lo up && ulimit -n 16 && exec " + Launcher.JNC + " -vv -n -z 127.0.0.1 1-300";
    try (RunningProcess jnc =
        RunningProcess.start(List.of("unshare", "-n", "sh", "-c", script), null, null)) {
      int exit = jnc.waitForExit(Duration.ofMinutes(1));
      List<String> lines = jnc.stderrLines();
      // Nor may the scan take the JVM's own: its warm-up thread once failed to load libzip.
      assertThat(lines).noneMatch(line -> line.contains("Too many open files"));
      assertThat(lines).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
      assertThat(lines).filteredOn(line -> line.endsWith(" : Connection refused")).hasSize(300);
      assertThat(exit).isEqualTo(ExitCode.NETWORK);
    }
  }

  private static boolean canUnshareNetwork() throws Exception {
    if (!Launcher.installed("unshare") || !Launcher.installed("ip")) {
      return false;
    }
    Process probe =
        new ProcessBuilder("unshare", "-n", "ip", "link", "set", "lo", "up")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return probe.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && probe.exitValue() == 0;
  }
}
