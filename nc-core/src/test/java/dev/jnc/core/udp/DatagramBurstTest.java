package dev.jnc.core.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.EngineRun;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.testing.EngineCheck;
import dev.jnc.core.testing.Loopback;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
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
