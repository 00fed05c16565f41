package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A name with an address of each family is tried in the system's order (getaddrinfo), as nc and
 * ncat try it: ::1 before 127.0.0.1. The JDK's own order put IPv4 first, and a datagram went to
 * 127.0.0.1, refused, where only ::1 listened. The name lives in a hosts file of the test's own,
 * mounted over /etc/hosts in a mount namespace of its own (root only), with IPv4 listed first.
 */
class AddressOrderIT {

  private static final String NAME = "jnc-both-families";

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @Test
  @Timeout(60)
  void aDatagramToANameOfBothFamiliesGoesToTheAddressTheSystemPutsFirst(@TempDir Path dir)
      throws Exception {
    Path hosts = hostsFile(dir, "127.0.0.1", "::1");
    Path input = Files.writeString(dir.resolve("input"), "hello\n");
    try (DatagramChannel ipv6 = DatagramChannel.open(StandardProtocolFamily.INET6)) {
      ipv6.bind(new InetSocketAddress(Inet6Address.getByName("::1"), 0));
      ipv6.configureBlocking(false);
      int port = ((InetSocketAddress) ipv6.getLocalAddress()).getPort();
      List<String> command = jncUnder(hosts, "-u", "-q", "0", NAME, Integer.toString(port));
      ByteBuffer received = ByteBuffer.allocate(64);
      try (RunningProcess jnc = RunningProcess.start(command, input, null)) {
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(10))
            .until(() -> ipv6.receive(received) != null);
        assertThat(jnc.waitForExit(Duration.ofSeconds(30))).isEqualTo(ExitCode.OK);
      }
      assertThat(new String(received.array(), 0, received.position(), StandardCharsets.US_ASCII))
          .isEqualTo("hello\n");
    }
  }

  /**
   * {@code -s NAME} of both families binds the address of the destination's family: the system's
   * order put ::1 first, and {@code -s localhost 127.0.0.1 P} said its family was not supported.
   */
  @Test
  @Timeout(60)
  void aSourceNameOfBothFamiliesBindsTheDestinationsFamily(@TempDir Path dir) throws Exception {
    Path hosts = hostsFile(dir, "::1", "127.0.0.1");
    try (ServerSocketChannel server =
        ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      List<String> command =
          jncUnder(
              hosts,
              "-s",
              NAME,
              "127.0.0.1",
              Integer.toString(((InetSocketAddress) server.getLocalAddress()).getPort()));
      try (RunningProcess jnc = RunningProcess.start(command, null, null);
          SocketChannel peer = server.accept()) {
        assertThat(((InetSocketAddress) peer.getRemoteAddress()).getAddress().getHostAddress())
            .isEqualTo("127.0.0.1");
        peer.close();
        assertThat(jnc.waitForExit(Duration.ofSeconds(30))).isEqualTo(ExitCode.OK);
        assertThat(jnc.stderrLines()).isEmpty();
      }
    }
  }

  /**
   * Under the system's order the JDK's wildcard is {@code ::}, which an IPv4 socket cannot bind: a
   * client's {@code -p} over TCP, UDP and {@code -z} said {@code UnsupportedAddressTypeException}.
   * Each binds its own family's wildcard and the server sees the port.
   */
  @Test
  @Timeout(60)
  void aClientsLocalPortBindsItsOwnFamilysWildcard() throws Exception {
    try (ServerSocketChannel server =
        ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      String serverPort =
          Integer.toString(((InetSocketAddress) server.getLocalAddress()).getPort());
      for (List<String> options : List.of(List.of("-n"), List.of("-z"))) {
        int local = freePort();
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("-p", Integer.toString(local), "127.0.0.1", serverPort));
        try (RunningProcess jnc =
            RunningProcess.start(Launcher.jnc(args.toArray(String[]::new)), null, null)) {
          try (SocketChannel peer = server.accept()) {
            assertThat(((InetSocketAddress) peer.getRemoteAddress()).getPort())
                .as("the port %s came from", options)
                .isEqualTo(local);
          }
          assertThat(jnc.waitForExit(Duration.ofSeconds(30))).as("%s", options).isZero();
          assertThat(jnc.stderrLines()).as("%s", options).isEmpty();
        }
      }
    }
    try (DatagramChannel server =
        DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      int local = freePort();
      String serverPort =
          Integer.toString(((InetSocketAddress) server.getLocalAddress()).getPort());
      List<String> command =
          Launcher.jnc("-u", "-q", "0", "-p", Integer.toString(local), "127.0.0.1", serverPort);
      ByteBuffer received = ByteBuffer.allocate(64);
      try (RunningProcess jnc = RunningProcess.start(command, input("hi\n"), null)) {
        InetSocketAddress sender = (InetSocketAddress) server.receive(received);
        assertThat(sender.getPort()).isEqualTo(local);
        assertThat(jnc.waitForExit(Duration.ofSeconds(30))).isZero();
        assertThat(jnc.stderrLines()).isEmpty();
      }
    }
  }

  /**
   * A hosts file that gives {@link #NAME} both addresses, in that order; the test is skipped where
   * it cannot be mounted over /etc/hosts in a mount namespace of its own (root only).
   */
  private static Path hostsFile(Path dir, String first, String second) throws Exception {
    Path hosts =
        Files.writeString(
            dir.resolve("hosts"), first + " " + NAME + "\n" + second + " " + NAME + "\n");
    Process probe =
        new ProcessBuilder("unshare", "-m", "mount", "--bind", hosts.toString(), "/etc/hosts")
            .redirectErrorStream(true)
            .start();
    assumeTrue(
        probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "needs root's unshare -m and mount to give a name both families");
    return hosts;
  }

  /** {@code bin/jnc args} in a mount namespace where {@code hosts} is /etc/hosts. */
  private static List<String> jncUnder(Path hosts, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "-m",
                "sh",
                "-c",
                "mount --bind \"$0\" /etc/hosts && exec \"$@\"",
                hosts.toString(),
                Launcher.JNC.toString()));
    command.addAll(List.of(args));
    return command;
  }

  private static int freePort() throws IOException {
    try (ServerSocketChannel probe =
        ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      return ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
  }

  private static Path input(String text) throws IOException {
    Path file = Files.createTempFile("jnc-address-order", ".in");
    file.toFile().deleteOnExit();
    return Files.writeString(file, text);
  }
}
