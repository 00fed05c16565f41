package dev.jnc.core;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.PortRange;
import dev.jnc.core.testing.EngineCheck;
import dev.jnc.core.testing.EngineRunner;
import dev.jnc.core.testing.EventLog;
import dev.jnc.core.testing.Loopback;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A connect to several ports without {@code -z} talks with each that accepts, in the order the
 * arguments name them, as nc 1.10 and OpenBSD's nc do (both checked on this machine): the input
 * goes to the first, the later ones get what it left, nothing.
 */
@ExtendWith(EngineCheck.class)
class SeveralPortsTest {

  @Test
  @Timeout(30)
  void eachPortThatAcceptsIsTalkedToInTheOrderGiven(EventLog events) throws Exception {
    byte[] input = "hello\n".getBytes(US_ASCII);
    try (EngineRunner runner = new EngineRunner();
        ServerSocketChannel a = Loopback.listen();
        ServerSocketChannel b = Loopback.listen();
        ServerSocketChannel c = Loopback.listen()) {
      // Highest first, so that the order given is not the order of the numbers.
      List<ServerSocketChannel> given =
          List.of(a, b, c).stream().sorted((x, y) -> Integer.compare(port(y), port(x))).toList();
      NcOptions options =
          NcOptions.builder()
              .host("127.0.0.1")
              .ports(given.stream().map(s -> PortRange.single(port(s))).toList())
              .build();
      Future<Boolean> run =
          runner.start(
              options,
              events,
              Channels.newChannel(new ByteArrayInputStream(input)),
              Channels.newChannel(new ByteArrayOutputStream()));

      // Each accept blocks until jnc is done with the one before: the order is jnc's.
      for (ServerSocketChannel server : given) {
        try (SocketChannel peer = server.accept()) {
          assertThat(Loopback.readToEnd(peer))
              .as("what port %d got", port(server))
              .isEqualTo(server == given.getFirst() ? input : new byte[0]);
        }
      }
      assertThat(run.get(20, TimeUnit.SECONDS)).isTrue();
      assertThat(events.all(NcEvent.Connected.class))
          .extracting(e -> e.remote().getPort())
          .containsExactlyElementsOf(given.stream().map(SeveralPortsTest::port).toList());
    }
  }

  /** One port's reset ends that connection only; both peers exit 0 then too (checked). */
  @Test
  @Timeout(30)
  void aResetOnOnePortEndsThatConnectionOnly(EventLog events) throws Exception {
    try (EngineRunner runner = new EngineRunner();
        ServerSocketChannel resetting = Loopback.listen();
        ServerSocketChannel next = Loopback.listen()) {
      NcOptions options =
          NcOptions.builder()
              .host("127.0.0.1")
              .ports(List.of(PortRange.single(port(resetting)), PortRange.single(port(next))))
              .build();
      Future<Boolean> run =
          runner.start(
              options,
              events,
              Channels.newChannel(new ByteArrayInputStream(new byte[0])),
              Channels.newChannel(new ByteArrayOutputStream()));

      try (SocketChannel peer = resetting.accept()) {
        peer.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
      }
      try (SocketChannel peer = next.accept()) {
        assertThat(Loopback.readToEnd(peer)).isEmpty();
      }
      assertThat(run.get(20, TimeUnit.SECONDS)).isTrue();
      assertThat(events.all(NcEvent.Closed.class))
          .extracting(NcEvent.Closed::reason)
          .containsExactly(NcEvent.CloseReason.RESET, NcEvent.CloseReason.COMPLETE);
    }
  }

  private static int port(ServerSocketChannel server) {
    try {
      return ((InetSocketAddress) server.getLocalAddress()).getPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
