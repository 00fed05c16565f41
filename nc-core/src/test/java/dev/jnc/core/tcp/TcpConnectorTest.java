package dev.jnc.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.testing.EngineCheck;
import dev.jnc.core.testing.EventLog;
import dev.jnc.core.testing.Loopback;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connecting with a {@code -w} timeout takes the non-blocking path; without one, the blocking. */
@ExtendWith(EngineCheck.class)
class TcpConnectorTest {

  @Test
  @Timeout(30)
  void connectWithTimeoutHandsBackABlockingChannel() throws Exception {
    // A plain log: the connector's events end at Connected; Closed is the relay's to send.
    EventLog events = new EventLog();
    try (ServerSocketChannel server = Loopback.listen()) {
      InetSocketAddress remote = (InetSocketAddress) server.getLocalAddress();
      TcpConnector connector = new TcpConnector(null, 0, Duration.ofSeconds(5), events);

      TcpConnector.Attempt attempt = connector.connect(remote);

      try (SocketChannel channel = attempt.channel();
          SocketChannel accepted = server.accept()) {
        assertThat(attempt.failure()).isNull();
        assertThat(channel.isBlocking()).isTrue();
        assertThat(accepted.getRemoteAddress()).isEqualTo(channel.getLocalAddress());
      }
      assertThat(events.lifecycle())
          .containsExactly(NcEvent.Connecting.class, NcEvent.Connected.class);
    }
  }

  @Test
  @Timeout(30)
  void refusedWithTimeoutIsReportedInNetcatsWords() throws Exception {
    // A plain log: the connector's events end at Connected; Closed is the relay's to send.
    EventLog events = new EventLog();
    try (SocketChannel placeholder = SocketChannel.open()) {
      placeholder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      InetSocketAddress remote = (InetSocketAddress) placeholder.getLocalAddress();
      TcpConnector connector = new TcpConnector(null, 0, Duration.ofSeconds(5), events);

      TcpConnector.Attempt attempt = connector.connect(remote);

      assertThat(attempt.channel()).isNull();
      assertThat(attempt.failure()).isEqualTo("Connection refused");
      assertThat(events.lifecycle())
          .containsExactly(NcEvent.Connecting.class, NcEvent.ConnectFailed.class);
    }
  }
}
