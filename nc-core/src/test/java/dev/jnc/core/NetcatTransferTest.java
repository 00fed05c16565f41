package dev.jnc.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.CloseReason;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.testing.EngineCheck;
import dev.jnc.core.testing.EngineRunner;
import dev.jnc.core.testing.EventLog;
import dev.jnc.core.testing.HashingOutput;
import dev.jnc.core.testing.RandomInput;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A jnc listener and a jnc client in one JVM, moving bulk data both ways at once. */
@ExtendWith(EngineCheck.class)
class NetcatTransferTest {

  private static final long SIZE = 64L * 1024 * 1024;

  @Test
  @Timeout(120)
  void movesSixtyFourMebibytesEachWayByteExact(EventLog serverEvents, EventLog clientEvents)
      throws Exception {
    RandomInput serverIn = new RandomInput(1, SIZE);
    RandomInput clientIn = new RandomInput(2, SIZE);
    HashingOutput serverOut = new HashingOutput();
    HashingOutput clientOut = new HashingOutput();
    NcOptions listen =
        NcOptions.builder().mode(NcOptions.Mode.LISTEN).localAddress("127.0.0.1").build();

    try (EngineRunner runner = new EngineRunner()) {
      Future<Boolean> server = runner.start(listen, serverEvents, serverIn, serverOut);
      int port = serverEvents.awaitFirst(NcEvent.Listening.class).local().getPort();
      NcOptions connect = NcOptions.builder().host("127.0.0.1").port(port).build();
      Future<Boolean> client = runner.start(connect, clientEvents, clientIn, clientOut);

      assertThat(client.get(100, TimeUnit.SECONDS)).isTrue();
      assertThat(server.get(100, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(clientOut.count()).isEqualTo(SIZE);
    assertThat(clientOut.sha256()).isEqualTo(serverIn.sha256());
    assertThat(serverOut.count()).isEqualTo(SIZE);
    assertThat(serverOut.sha256()).isEqualTo(clientIn.sha256());
    assertThat(serverEvents.lifecycle())
        .containsExactly(
            NcEvent.Listening.class,
            NcEvent.Accepted.class,
            NcEvent.ListenClosed.class,
            NcEvent.HalfClosed.class,
            NcEvent.HalfClosed.class,
            NcEvent.Closed.class);
    assertThat(clientEvents.lifecycle())
        .containsExactly(
            NcEvent.Connecting.class,
            NcEvent.Connected.class,
            NcEvent.HalfClosed.class,
            NcEvent.HalfClosed.class,
            NcEvent.Closed.class);
    assertThat(serverEvents.halfCloses()).containsExactlyInAnyOrder(NcEvent.Direction.values());
    assertThat(clientEvents.halfCloses()).containsExactlyInAnyOrder(NcEvent.Direction.values());
    assertThat(serverEvents.only(NcEvent.Closed.class))
        .extracting(
            NcEvent.Closed::bytesSent, NcEvent.Closed::bytesReceived, NcEvent.Closed::reason)
        .containsExactly(SIZE, SIZE, CloseReason.COMPLETE);
    assertThat(clientEvents.only(NcEvent.Closed.class))
        .extracting(
            NcEvent.Closed::bytesSent, NcEvent.Closed::bytesReceived, NcEvent.Closed::reason)
        .containsExactly(SIZE, SIZE, CloseReason.COMPLETE);
    assertThat(
            clientEvents.all(NcEvent.BytesIn.class).stream()
                .mapToLong(NcEvent.BytesIn::count)
                .sum())
        .as("BytesIn events add up to what arrived")
        .isEqualTo(SIZE);
    assertThat(clientEvents.only(NcEvent.Connected.class).local().getPort())
        .as("the client's port is the peer port the server accepted")
        .isEqualTo(serverEvents.only(NcEvent.Accepted.class).remote().getPort());
  }
}
