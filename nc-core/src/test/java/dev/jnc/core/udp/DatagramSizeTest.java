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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code --datagram-size}: our input is cut into datagrams of that many bytes, in order. */
@ExtendWith(EngineCheck.class)
class DatagramSizeTest {

  @Test
  @Timeout(30)
  void splitsInputIntoDatagramsOfTheGivenSize(EventLog events) throws Exception {
    assertThat(sizesSent(3_500, events)).containsExactly(1_000, 1_000, 1_000, 500);
  }

  /** Many reads' worth: each read of 64 datagrams goes out in one segmented send. */
  @Test
  @Timeout(30)
  void aFlowingInputArrivesAsDatagramsOfTheGivenSizeInOrder(EventLog events) throws Exception {
    List<Integer> sizes = sizesSent(200_500, events);

    assertThat(sizes).hasSize(201).last().isEqualTo(500);
    assertThat(sizes.subList(0, 200)).containsOnly(1_000);
  }

  /**
   * Datagrams larger than the path's MTU go out fragmented, as the peers' do: with the kernel's
   * segmentation on, IPv6 loopback (65,488 bytes unfragmented) refused every 65,507-byte one.
   */
  @Test
  @Timeout(30)
  void datagramsLargerThanTheMtuAreSentFragmented(EventLog events) throws Exception {
    InetAddress ipv6Loopback = InetAddress.getByName("::1");
    assertThat(sizesSent(ipv6Loopback, NcOptions.MAX_DATAGRAM, 200_000, events))
        .containsExactly(65_507, 65_507, 65_507, 3_479);
  }

  private static List<Integer> sizesSent(int length, EventLog events) throws Exception {
    return sizesSent(InetAddress.getByName("127.0.0.1"), 1_000, length, events);
  }

  /**
   * Sends {@code length} random bytes to {@code address} with {@code --datagram-size size} and
   * checks that the datagrams carry them in order.
   *
   * @return the sizes of the datagrams received
   */
  private static List<Integer> sizesSent(InetAddress address, int size, int length, EventLog events)
      throws Exception {
    byte[] content = new byte[length];
    new SplittableRandom(length).nextBytes(content);
    try (DatagramSocket receiver = new DatagramSocket(0, address);
        EngineRunner runner = new EngineRunner()) {
      // All of it fits: a burst must not be dropped by a receiver that reads in a loop.
      receiver.setReceiveBufferSize(4 << 20);
      receiver.setSoTimeout(10_000);
      NcOptions options =
          NcOptions.builder()
              .protocol(NcOptions.Protocol.UDP)
              .host(address.getHostAddress())
              .port(receiver.getLocalPort())
              .datagramSize(size)
              .quitAfterEof(Duration.ZERO)
              .build();
      Future<Boolean> run =
          runner.start(
              options,
              events,
              Channels.newChannel(new ByteArrayInputStream(content)),
              new HashingOutput());

      List<Integer> sizes = new ArrayList<>();
      byte[] received = new byte[content.length];
      int total = 0;
      while (total < content.length && sizes.size() < 300) {
        DatagramPacket packet = new DatagramPacket(new byte[size + 1], size + 1);
        receiver.receive(packet);
        System.arraycopy(packet.getData(), 0, received, total, packet.getLength());
        total += packet.getLength();
        sizes.add(packet.getLength());
      }
      assertThat(run.get(20, TimeUnit.SECONDS)).isTrue();
      assertThat(Arrays.equals(received, content))
          .as("datagrams carry the input in order")
          .isTrue();
      return sizes;
    }
  }
}
