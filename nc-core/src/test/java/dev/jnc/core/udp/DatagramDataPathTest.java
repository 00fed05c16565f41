package dev.jnc.core.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.options.NcOptions;
import dev.jnc.core.testing.EngineCheck;
import dev.jnc.core.testing.EngineRunner;
import dev.jnc.core.testing.EventLog;
import dev.jnc.core.testing.HashingOutput;
import java.io.ByteArrayInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o}, {@code -c} and {@code -i} with {@code -u}, as nc 1.10 and OpenBSD nc have them. */
@ExtendWith(EngineCheck.class)
class DatagramDataPathTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** {@code -u -c -o}: LF goes out as CRLF, and the dump shows the datagrams each way. */
  @Test
  @Timeout(30)
  void crlfAndTheHexDumpApplyToDatagrams(EventLog events, @TempDir Path dir) throws Exception {
    Path dump = dir.resolve("dump");
    try (DatagramSocket peer = new DatagramSocket(0, LOOPBACK);
        EngineRunner runner = new EngineRunner()) {
      peer.setSoTimeout(10_000);
      NcOptions options =
          udpTo(peer).crlf(true).hexDumpFile(dump).quitAfterEof(Duration.ofSeconds(2)).build();
      Future<Boolean> run = runner.start(options, events, input("a\nb\n"), new HashingOutput());

      DatagramPacket packet = new DatagramPacket(new byte[100], 100);
      peer.receive(packet);
      String datagram =
          new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
      byte[] reply = "in1\n".getBytes(StandardCharsets.US_ASCII);
      peer.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));

      assertThat(run.get(20, TimeUnit.SECONDS)).isTrue();
      assertThat(datagram).isEqualTo("a\r\nb\r\n");
      assertThat(Files.readAllLines(dump))
          .anyMatch(l -> l.startsWith("> 00000000 61 0d 0a 62 0d 0a "))
          .anyMatch(l -> l.startsWith("< 00000000 69 6e 31 0a "));
    }
  }

  /** {@code -u -i}: one line a datagram, the first at once, the next an interval later each. */
  @Test
  @Timeout(30)
  void anIntervalSendsOneLineADatagram(EventLog events) throws Exception {
    Duration interval = Duration.ofMillis(150);
    try (DatagramSocket peer = new DatagramSocket(0, LOOPBACK);
        EngineRunner runner = new EngineRunner()) {
      peer.setSoTimeout(10_000);
      NcOptions options = udpTo(peer).interval(interval).quitAfterEof(Duration.ZERO).build();
      Future<Boolean> run =
          runner.start(options, events, input("l1\nl2\nl3\n"), new HashingOutput());

      List<String> datagrams = new ArrayList<>();
      List<Long> arrivals = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        DatagramPacket packet = new DatagramPacket(new byte[100], 100);
        peer.receive(packet);
        arrivals.add(System.nanoTime());
        datagrams.add(
            new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII));
      }

      assertThat(run.get(20, TimeUnit.SECONDS)).isTrue();
      assertThat(datagrams).containsExactly("l1\n", "l2\n", "l3\n");
      // The pauses are the option's meaning: a line may come late, never early.
      assertThat(Duration.ofNanos(arrivals.get(2) - arrivals.get(0)))
          .isGreaterThanOrEqualTo(interval.multipliedBy(2).minusMillis(20));
    }
  }

  private static NcOptions.Builder udpTo(DatagramSocket peer) {
    return NcOptions.builder()
        .protocol(NcOptions.Protocol.UDP)
        .host("127.0.0.1")
        .port(peer.getLocalPort());
  }

  private static ReadableByteChannel input(String text) {
    return Channels.newChannel(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
  }
}
