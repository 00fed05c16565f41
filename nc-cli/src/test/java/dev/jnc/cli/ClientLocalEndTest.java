package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's own end of the connection, seen from the server it connects to: {@code -p} sets its
 * port, {@code -s} its address, {@code -r} draws a random port instead of the kernel's next
 * ephemeral one.
 */
@Timeout(60)
class ClientLocalEndTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void localPortIsThePortTheServerSeesTheClientComeFrom() throws Exception {
    int free = freePort();
    try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
      InetSocketAddress client =
          connectOnce(server, "-p", Integer.toString(free), "127.0.0.1", port(server));
      assertThat(client.getPort()).isEqualTo(free);
    }
  }

  @Test
  void sourceAddressIsTheAddressTheServerSeesTheClientComeFrom() throws Exception {
    // All of 127.0.0.0/8 is on Linux's loopback interface, so 127.0.0.2 is ours to bind.
    try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
      InetSocketAddress client = connectOnce(server, "-s", "127.0.0.2", "127.0.0.1", port(server));
      assertThat(client.getAddress().getHostAddress()).isEqualTo("127.0.0.2");
    }
  }

  @Test
  void sourceAddressAndLocalPortTogether() throws Exception {
    int free = freePort();
    try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
      InetSocketAddress client =
          connectOnce(
              server, "-s", "127.0.0.2", "-p", Integer.toString(free), "127.0.0.1", port(server));
      assertThat(client).isEqualTo(new InetSocketAddress("127.0.0.2", free));
    }
  }

  /**
   * The kernel hands out ephemeral ports from {@code ip_local_port_range} (32768-60999 by default),
   * while {@code -r} draws from 1024-65535: among 20 draws, the chance that none falls outside the
   * kernel's range is below 1 in 10 million, so a port outside it proves the draw is ours.
   */
  @Test
  void randomLocalPortsAreDrawnByUsNotTheKernel() throws Exception {
    int[] ephemeral = ephemeralRange();
    assumeTrue(
        ephemeral[0] > 1024 || ephemeral[1] < 65535,
        "the kernel's ephemeral range is the whole of 1024-65535: nothing to tell apart");
    List<Integer> ports = new ArrayList<>();
    try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
      for (int run = 0; run < 20; run++) {
        ports.add(connectOnce(server, "-r", "127.0.0.1", port(server)).getPort());
      }
    }
    assertThat(ports).allSatisfy(p -> assertThat(p).isBetween(1024, 65535));
    assertThat(new HashSet<>(ports)).as("distinct ports in %s", ports).hasSizeGreaterThan(15);
    assertThat(ports)
        .as("ports outside the kernel's ephemeral range %d-%d", ephemeral[0], ephemeral[1])
        .anyMatch(p -> p < ephemeral[0] || p > ephemeral[1]);
  }

  /**
   * Runs {@code jnc args} (stdin empty, so it sends its FIN at once), accepts its connection, reads
   * to its FIN and closes; returns where the client came from.
   */
  private static InetSocketAddress connectOnce(ServerSocket server, String... args)
      throws Exception {
    server.setSoTimeout(20_000);
    CompletableFuture<JncResult> jnc = CompletableFuture.supplyAsync(() -> JncResult.run(args));
    InetSocketAddress client;
    try (Socket accepted = server.accept()) {
      client = (InetSocketAddress) accepted.getRemoteSocketAddress();
      assertThat(accepted.getInputStream().read()).as("the client's FIN").isEqualTo(-1);
    }
    JncResult result = jnc.get(20, TimeUnit.SECONDS);
    assertThat(result.err()).isEmpty();
    assertThat(result.exit()).isZero();
    return client;
  }

  private static String port(ServerSocket server) {
    return Integer.toString(server.getLocalPort());
  }

  /** A port the kernel just found free on loopback, released for the client to bind. */
  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      return probe.getLocalPort();
    }
  }

  private static int[] ephemeralRange() throws IOException {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (!Files.isReadable(range)) {
      return new int[] {32768, 60999};
    }
    // A /proc file reports size 0: read it as a stream, to its end.
    String text;
    try (var in = Files.newInputStream(range)) {
      text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
    String[] bounds = text.trim().split("\\s+");
    return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
  }
}
