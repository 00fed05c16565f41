package dev.jnc.lab.scenario;

import static dev.jnc.lab.observe.TcpState.ESTABLISHED;
import static dev.jnc.lab.observe.TcpState.LISTEN;
import static dev.jnc.lab.observe.TcpState.TIME_WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnc.core.event.NcEvent;
import dev.jnc.lab.observe.ObserverChoice;
import dev.jnc.lab.observe.ObserverFactory;
import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.StateRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(120)
class HandshakeDemoTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /**
   * The seed's experiment, twenty times on one port: TIME_WAIT left by one run must not break the
   * next.
   */
  @ParameterizedTest
  @EnumSource(
      value = ObserverChoice.class,
      names = {"NETLINK", "PROC"})
  void twentyRunsInARowOnOnePortAllShowListeningEstablishedTimeWait(ObserverChoice choice)
      throws Exception {
    int port = freePort();
    try (SocketObserver observer = ObserverFactory.open(choice).observer()) {
      for (int run = 1; run <= 20; run++) {
        List<String> snapshots = new ArrayList<>();
        RunResult result =
            new ScenarioRunner(
                    Scenarios.HANDSHAKE_DEMO,
                    LOOPBACK,
                    port,
                    new StateRecorder(observer, port),
                    new RunListener() {
                      @Override
                      public void snapshot(String caption, List<SocketRow> rows, int hidden) {
                        snapshots.add(
                            rows.stream().map(r -> r.state().name()).sorted().toList().toString());
                      }
                    })
                .run();

        assertThat(result.failure()).as("run %d", run).isNull();
        assertThat(result.observed())
            .as("run %d", run)
            .containsSubsequence(LISTEN, ESTABLISHED, TIME_WAIT);
        assertThat(snapshots)
            .as("run %d: the three netstat snapshots of the seed", run)
            .containsExactly("[LISTEN]", "[ESTABLISHED, ESTABLISHED, LISTEN]", "[TIME_WAIT]");
      }
    }
  }

  /**
   * A classroom: another student's client connects to the scenario's port while it listens. The lab
   * resets that connection and goes on with its own client; it took the stranger's for its own and
   * then failed with a bare "Connection reset".
   */
  @Test
  void anotherProgramsConnectionIsResetAndTheRunGoesOn() throws Exception {
    int port = freePort();
    List<NcEvent> events = new CopyOnWriteArrayList<>();
    List<SocketChannel> strangers = new CopyOnWriteArrayList<>();
    RunResult result =
        runDemo(
            port,
            new RunListener() {
              @Override
              public void engine(String endpoint, NcEvent event) {
                events.add(event);
                if (event instanceof NcEvent.Listening) {
                  // Connected before the scenario's client: first in the accept queue.
                  strangers.add(
                      orFail(() -> SocketChannel.open(new InetSocketAddress(LOOPBACK, port))));
                }
              }
            });
    assertThat(strangers).hasSize(1);
    SocketChannel stranger = strangers.getFirst();
    InetSocketAddress strangerAddress = (InetSocketAddress) stranger.getLocalAddress();
    stranger.close();

    assertThat(result.failure()).isNull();
    assertThat(result.observed()).containsSubsequence(LISTEN, ESTABLISHED, TIME_WAIT);
    assertThat(events)
        .filteredOn(NcEvent.PeerRejected.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((NcEvent.PeerRejected) e).remote()).isEqualTo(strangerAddress));
  }

  /**
   * Another program listens on the port as soon as the scenario's server stops listening: its
   * listener has the server's tuple, and was shown as the server's, listening again.
   */
  @Test
  void aListenerOpenedWhereTheServersWasClosedIsNotTheServers() throws Exception {
    int port = freePort();
    List<ServerSocketChannel> strangers = new CopyOnWriteArrayList<>();
    List<String> snapshots = new CopyOnWriteArrayList<>();
    RunResult result =
        runDemo(
            port,
            new RunListener() {
              @Override
              public void engine(String endpoint, NcEvent event) {
                if (event instanceof NcEvent.ListenClosed) {
                  strangers.add(
                      orFail(
                          () -> {
                            ServerSocketChannel stranger = ServerSocketChannel.open();
                            stranger.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                            return stranger.bind(new InetSocketAddress(LOOPBACK, port));
                          }));
                }
              }

              @Override
              public void snapshot(String caption, List<SocketRow> rows, int hidden) {
                snapshots.add(
                    rows.stream().map(r -> r.state().name()).sorted().toList().toString());
              }
            });
    for (ServerSocketChannel stranger : strangers) {
      stranger.close();
    }

    assertThat(strangers).hasSize(1);
    assertThat(result.failure()).isNull();
    assertThat(snapshots).last().isEqualTo("[TIME_WAIT]");
    assertThat(result.transitions())
        .filteredOn(t -> t.socket().remote().getPort() == 0 && t.from() == null)
        .as("the server's listener appears once")
        .hasSize(1);
  }

  @Test
  void theServerEndIsTheOneInTimeWait() throws Exception {
    int port = freePort();
    try (SocketObserver observer = ObserverFactory.open(ObserverChoice.AUTO).observer()) {
      RunResult result =
          new ScenarioRunner(
                  Scenarios.HANDSHAKE_DEMO,
                  LOOPBACK,
                  port,
                  new StateRecorder(observer, port),
                  new RunListener() {})
              .run();

      assertThat(result.transitions())
          .filteredOn(t -> t.to() == TcpState.TIME_WAIT)
          .isNotEmpty()
          .allSatisfy(t -> assertThat(t.socket().local().getPort()).isEqualTo(port));
    }
  }

  @Test
  void aPortSomeoneListensOnIsAClearError() throws Exception {
    try (ServerSocketChannel squatter = ServerSocketChannel.open()) {
      squatter.bind(new InetSocketAddress(LOOPBACK, 0));
      int port = squatter.socket().getLocalPort();
      try (SocketObserver observer = ObserverFactory.open(ObserverChoice.AUTO).observer()) {
        ScenarioRunner runner =
            new ScenarioRunner(
                Scenarios.HANDSHAKE_DEMO,
                LOOPBACK,
                port,
                new StateRecorder(observer, port),
                new RunListener() {});

        assertThatThrownBy(runner::run)
            .isInstanceOf(LabException.class)
            .hasMessageContaining("cannot listen on 127.0.0.1:" + port)
            .hasMessageContaining("--port");
      }
    }
  }

  /** The seed's demo on {@code port}, with the observer the machine offers. */
  private static RunResult runDemo(int port, RunListener listener) throws Exception {
    try (SocketObserver observer = ObserverFactory.open(ObserverChoice.AUTO).observer()) {
      return new ScenarioRunner(
              Scenarios.HANDSHAKE_DEMO, LOOPBACK, port, new StateRecorder(observer, port), listener)
          .run();
    }
  }

  /** A socket call made from a listener, where a checked exception cannot pass. */
  private interface SocketCall<T> {
    T make() throws IOException;
  }

  private static <T> T orFail(SocketCall<T> call) {
    try {
      return call.make();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      return probe.getLocalPort();
    }
  }
}
