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
    byte[] content = new byte[3_500];
    new SplittableRandom(3).nextBytes(content);
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        EngineRunner runner = new EngineRunner()) {
      receiver.setSoTimeout(10_000);
      NcOptions options =
          NcOptions.builder()
              .protocol(NcOptions.Protocol.UDP)
              .host("127.0.0.1")
              .port(receiver.getLocalPort())
              .datagramSize(1_000)
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
      while (total < content.length && sizes.size() < 10) {
        DatagramPacket packet = new DatagramPacket(new byte[2_000], 2_000);
        receiver.receive(packet);
        System.arraycopy(packet.getData(), 0, received, total, packet.getLength());
        total += packet.getLength();
        sizes.add(packet.getLength());
      }
      assertThat(run.get(20, TimeUnit.SECONDS)).isTrue();
      assertThat(sizes).containsExactly(1_000, 1_000, 1_000, 500);
      assertThat(Arrays.equals(received, content))
          .as("datagrams carry the input in order")
          .isTrue();
    }
  }

  /** Many reads' worth: each read of 64 datagrams goes out in one segmented send. */
  @Test
  @Timeout(30)
  void aFlowingInputArrivesAsDatagramsOfTheGivenSizeInOrder(EventLog events) throws Exception {
    byte[] content = new byte[200_500];
    new SplittableRandom(5).nextBytes(content);
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        EngineRunner runner = new EngineRunner()) {
      receiver.setReceiveBufferSize(4 << 20);
      receiver.setSoTimeout(10_000);
      NcOptions options =
          NcOptions.builder()
              .protocol(NcOptions.Protocol.UDP)
              .host("127.0.0.1")
              .port(receiver.getLocalPort())
              .datagramSize(1_000)
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
        DatagramPacket packet = new DatagramPacket(new byte[2_000], 2_000);
        receiver.receive(packet);
        System.arraycopy(packet.getData(), 0, received, total, packet.getLength());
        total += packet.getLength();
        sizes.add(packet.getLength());
      }
      assertThat(run.get(20, TimeUnit.SECONDS)).isTrue();
      assertThat(sizes).hasSize(201).last().isEqualTo(500);
      assertThat(sizes.subList(0, 200)).containsOnly(1_000);
      assertThat(Arrays.equals(received, content))
          .as("datagrams carry the input in order")
          .isTrue();
    }
  }
}
