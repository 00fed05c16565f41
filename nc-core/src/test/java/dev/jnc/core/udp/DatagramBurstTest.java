package dev.jnc.core.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.core.EngineRun;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.testing.EngineCheck;
import dev.jnc.core.testing.Loopback;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A UDP listener's datagrams for a plain output are gathered and written in one go: a burst that
 * queued in the socket while the output was full still comes out whole, in order, each datagram
 * reported as it arrived.
 */
@ExtendWith(EngineCheck.class)
class DatagramBurstTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /**
   * The first two overfill the output's pipe (64 KiB), so the relay waits on it while the rest
   * queue in its socket; four of 60,000 bytes then leave the gathering buffer less room than the
   * largest datagram needs, before a fifth. About 300 KB wait in the socket's queue at most, within
   * its receive buffer even where the kernel's limits are its defaults.
   */
  private static final int[] SIZES = {
    40_000, 30_000, 60_000, 60_000, 60_000, 60_000, 60_000, 1, 1400, 7
  };

  @Test
  @Timeout(20)
  void aQueuedBurstComesOutWholeAndInOrder() throws Exception {
    NcOptions options = Loopback.udpListener().timeout(Duration.ofMillis(300)).build();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (EngineRun run = EngineRun.start(options);
        DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
      InetSocketAddress server = new InetSocketAddress(LOOPBACK, run.listeningPort());
      for (int i = 0; i < SIZES.length; i++) {
        byte[] datagram = datagram(i, SIZES[i]);
        expected.writeBytes(datagram);
        peer.send(ByteBuffer.wrap(datagram), server);
      }

      assertThat(run.readOutput(expected.size())).isEqualTo(expected.toByteArray());
      run.endInput();
      assertThat(run.awaitResult()).isTrue();
      List<Integer> reported = new ArrayList<>();
      for (NcEvent.BytesIn in : run.events(NcEvent.BytesIn.class)) {
        reported.add(in.count());
      }
      assertThat(reported).containsExactly(boxed(SIZES));
    }
  }

  /**
   * A client's socket holds a server's burst of replies while its output is full, as a listener's
   * does: 600 datagrams of 1,400 bytes, most of them queued behind the output's 64 KiB pipe. With
   * the default ~208 KiB buffer, 578-886 of 2,000 arrived.
   */
  @Test
  @Timeout(20)
  void aClientHoldsAServersBurstWhileItsOutputIsFull() throws Exception {
    Path limit = Path.of("/proc/sys/net/core/rmem_max");
    assumeTrue(
        Files.isReadable(limit)
            // readAllLines: readString gets a proc file's first byte only here.
            && Long.parseLong(Files.readAllLines(limit).getFirst().strip()) >= 2 << 20,
        "the kernel caps a socket's receive buffer below 2 MiB (net.core.rmem_max)");
    try (DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
      NcOptions options =
          NcOptions.builder()
              .protocol(NcOptions.Protocol.UDP)
              .host(LOOPBACK.getHostAddress())
              .port(((InetSocketAddress) server.getLocalAddress()).getPort())
              .quitAfterEof(Duration.ZERO)
              .build();
      try (EngineRun run = EngineRun.start(options)) {
        run.type("go\n".getBytes(StandardCharsets.US_ASCII));
        SocketAddress client = server.receive(ByteBuffer.allocate(16));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 600; i++) {
          byte[] datagram = datagram(i, 1400);
          expected.writeBytes(datagram);
          server.send(ByteBuffer.wrap(datagram), client);
        }
        assertThat(run.readOutput(expected.size())).isEqualTo(expected.toByteArray());
        run.endInput();
        assertThat(run.awaitResult()).isTrue();
      }
    }
  }

  /** Datagram {@code index}: its bytes count on from its index, so a swap or a cut shows. */
  private static byte[] datagram(int index, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (index * 31 + i);
    }
    return bytes;
  }

  private static Integer[] boxed(int[] values) {
    Integer[] boxed = new Integer[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
