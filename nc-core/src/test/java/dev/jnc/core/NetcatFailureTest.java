package dev.jnc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.testing.EngineCheck;
import dev.jnc.core.testing.EventLog;
import dev.jnc.core.testing.HashingOutput;
import dev.jnc.core.testing.HeldOpenInput;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs that never get a connection: the error the user reads and the events around it. */
@ExtendWith(EngineCheck.class)
class NetcatFailureTest {

  @Test
  @Timeout(30)
  void refusedConnectIsANetworkError(EventLog events) throws Exception {
    // A bound socket that does not listen holds the port, so the kernel answers a SYN with RST.
    try (SocketChannel placeholder = SocketChannel.open();
        HeldOpenInput input = new HeldOpenInput(new byte[0])) {
      placeholder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) placeholder.getLocalAddress()).getPort();
      NcOptions options = NcOptions.builder().host("127.0.0.1").port(port).build();

      NcException failure =
          catchThrowableOfType(
              NcException.class, () -> new Netcat(options, events).run(input, new HashingOutput()));

      assertThat(failure.kind()).isEqualTo(NcException.Kind.NETWORK);
      assertThat(failure)
          .hasMessage("connect to 127.0.0.1 port " + port + " (tcp) failed: Connection refused");
      assertThat(events.only(NcEvent.ConnectFailed.class).reason()).isEqualTo("Connection refused");
    }
    assertThat(events.lifecycle())
        .containsExactly(
            NcEvent.Connecting.class, NcEvent.ConnectFailed.class, NcEvent.Failed.class);
  }

  @Test
  @Timeout(30)
  void acceptTimeoutWhenNobodyConnects(EventLog events) throws Exception {
    NcOptions options =
        NcOptions.builder()
            .mode(NcOptions.Mode.LISTEN)
            .localAddress("127.0.0.1")
            .timeout(Duration.ofMillis(300))
            .build();

    try (HeldOpenInput input = new HeldOpenInput(new byte[0])) {
      NcException failure =
          catchThrowableOfType(
              NcException.class, () -> new Netcat(options, events).run(input, new HashingOutput()));

      assertThat(failure.kind()).isEqualTo(NcException.Kind.NETWORK);
      assertThat(failure).hasMessage("no connection : Connection timed out");
    }
    assertThat(events.lifecycle())
        .containsExactly(NcEvent.Listening.class, NcEvent.ListenClosed.class, NcEvent.Failed.class);
    assertThat(events.only(NcEvent.Failed.class).message())
        .isEqualTo("no connection : Connection timed out");
  }
}
