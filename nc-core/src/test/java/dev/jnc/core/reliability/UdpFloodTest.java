package dev.jnc.core.reliability;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A UDP listener locked on its first peer while sixteen others flood it: nothing of theirs reaches
 * our output, nothing crashes, and the first peer is still served afterwards.
 */
@ExtendWith(EngineCheck.class)
class UdpFloodTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int INTRUDERS = 16;
  private static final int DATAGRAMS_EACH = 1000;

  @Test
  @Timeout(60)
  void otherPeersFloodingALockedListenerAreIgnored() throws Exception {
    NcOptions options = Loopback.udpListener().timeout(Duration.ofMillis(500)).build();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (EngineRun run = EngineRun.start(options);
        DatagramChannel first = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
      InetSocketAddress server = new InetSocketAddress(LOOPBACK, run.listeningPort());
      first.send(ascii("first;"), server);
      output.writeBytes(run.readOutput(6));

      List<CompletableFuture<Void>> floods = new ArrayList<>();
      for (int i = 0; i < INTRUDERS; i++) {
        floods.add(CompletableFuture.runAsync(() -> flood(server)));
      }
      CompletableFuture.allOf(floods.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      // The flood may have filled the socket's queue and a datagram sent now may be dropped: the
      // marker is repeated until one gets through.
      AtomicBoolean arrived = new AtomicBoolean();
      CompletableFuture<Void> marker =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 1_000_000 && !arrived.get(); i++) {
                  try {
                    first.send(ascii("end;"), server);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
      output.writeBytes(run.readOutput(4));
      arrived.set(true);
      marker.get(10, TimeUnit.SECONDS);
      run.type("reply".getBytes(StandardCharsets.US_ASCII));
      run.endInput();
      ByteBuffer reply = ByteBuffer.allocate(64);
      first.receive(reply);
      assertThat(new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII))
          .isEqualTo("reply");
      assertThat(run.awaitResult()).isTrue();
      assertThat(output.toString(StandardCharsets.US_ASCII)).isEqualTo("first;end;");
      assertThat(run.events(NcEvent.Accepted.class))
          .singleElement()
          .satisfies(e -> assertThat(e.remote()).isEqualTo(first.getLocalAddress()));
    }
  }

  private static void flood(InetSocketAddress server) {
    try (DatagramChannel intruder =
        DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
      for (int i = 0; i < DATAGRAMS_EACH; i++) {
        intruder.send(ascii("intruder " + i + ";"), server);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }
}
