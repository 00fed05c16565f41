package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A UDP scan of another host, which answers closed ports from a bucket of ICMP errors (6 at once,
 * then one a second; loopback has no such limit): every closed port is told closed, where probes
 * sent all at once found silence beyond the bucket and called 4 of 10 closed ports open. The other
 * host is a network namespace of the test's own behind a veth pair (root only).
 */
class UdpScanPacingIT {

  private static final String SCANNER = "jncscanA" + ProcessHandle.current().pid();
  private static final String TARGET = "jncscanB" + ProcessHandle.current().pid();
  private static final String TARGET_ADDRESS = "10.79.0.2";
  private static final int OPEN_PORT = 2005;

  private RunningProcess listener;

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @BeforeEach
  void twoHosts() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")) && Launcher.installed("ip"),
        "needs root's ip netns for a second host");
    String veth = "vs" + ProcessHandle.current().pid() % 100_000;
    for (List<String> step :
        List.of(
            List.of("ip", "netns", "add", SCANNER),
            List.of("ip", "netns", "add", TARGET),
            List.of("ip", "link", "add", veth + "a", "type", "veth", "peer", "name", veth + "b"),
            List.of("ip", "link", "set", veth + "a", "netns", SCANNER),
            List.of("ip", "link", "set", veth + "b", "netns", TARGET),
            List.of("ip", "-n", SCANNER, "addr", "add", "10.79.0.1/24", "dev", veth + "a"),
            List.of("ip", "-n", TARGET, "addr", "add", TARGET_ADDRESS + "/24", "dev", veth + "b"),
            List.of("ip", "-n", SCANNER, "link", "set", veth + "a", "up"),
            List.of("ip", "-n", TARGET, "link", "set", veth + "b", "up"),
            List.of("ip", "-n", TARGET, "link", "set", "lo", "up"))) {
      assumeTrue(run(step) == 0, "cannot set up the second host: " + step);
    }
    listener =
        RunningProcess.start(
            inNamespace(TARGET, "-u", "-l", "-p", Integer.toString(OPEN_PORT)), null, null);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                run(
                        List.of(
                            "sh",
                            "-c",
                            "ip netns exec "
                                + TARGET
                                + " ss -Hlun 'sport = :"
                                + OPEN_PORT
                                + "' | grep -q ."))
                    == 0);
  }

  @AfterEach
  void removeThem() throws Exception {
    if (listener != null) {
      listener.close();
    }
    run(List.of("ip", "netns", "del", SCANNER));
    run(List.of("ip", "netns", "del", TARGET));
  }

  @Test
  @Timeout(90)
  void everyClosedPortOfAnotherHostIsToldClosed() throws Exception {
    List<String> scan =
        inNamespace(SCANNER, "-n", "-u", "-z", "-vv", "-w", "1", TARGET_ADDRESS, "2000-2011");
    try (RunningProcess jnc = RunningProcess.start(scan, null, null)) {
      assertThat(jnc.waitForExit(Duration.ofSeconds(60))).isEqualTo(ExitCode.OK);
      List<String> lines = jnc.stderrLines();
      assertThat(lines).filteredOn(line -> line.endsWith(" open")).hasSize(1);
      assertThat(lines)
          .anyMatch(line -> line.contains("] " + OPEN_PORT + " (") && line.endsWith(" open"));
      assertThat(lines).filteredOn(line -> line.endsWith("Connection refused")).hasSize(11);
    }
  }

  private static List<String> inNamespace(String namespace, String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    command.addAll(Launcher.jnc(args));
    return command;
  }

  private static int run(List<String> command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
