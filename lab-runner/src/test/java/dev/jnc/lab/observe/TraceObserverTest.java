package dev.jnc.lab.observe;

import static dev.jnc.lab.observe.TcpState.CLOSE_WAIT;
import static dev.jnc.lab.observe.TcpState.ESTABLISHED;
import static dev.jnc.lab.observe.TcpState.FIN_WAIT_1;
import static dev.jnc.lab.observe.TcpState.FIN_WAIT_2;
import static dev.jnc.lab.observe.TcpState.LAST_ACK;
import static dev.jnc.lab.observe.TcpState.LISTEN;
import static dev.jnc.lab.observe.TcpState.SYN_RECEIVED;
import static dev.jnc.lab.observe.TcpState.SYN_SENT;
import static dev.jnc.lab.observe.TcpState.TIME_WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.StateRecorder;
import dev.jnc.lab.record.Transition;
import dev.jnc.lab.scenario.LabException;
import dev.jnc.lab.scenario.RunListener;
import dev.jnc.lab.scenario.RunResult;
import dev.jnc.lab.scenario.ScenarioRunner;
import dev.jnc.lab.scenario.Scenarios;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The trace observer on the real kernel: needs root, as in CI. */
@Timeout(120)
class TraceObserverTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @BeforeEach
  void needsRootAndTracefs() {
    MachineFacts facts = MachineFacts.probe();
    assumeTrue(facts.root() && facts.tracefs(), "the trace observer needs root and tracefs");
  }

  @Test
  void handshakeDemoShowsEveryTransitionOfBothEndsTwentyRunsInARowOnOnePort() throws Exception {
    int port = freePort();
    Path instance;
    try (TraceObserver observer =
        (TraceObserver) ObserverFactory.open(ObserverChoice.TRACE).observer()) {
      instance = observer.instance();
      for (int run = 1; run <= 20; run++) {
        RunResult result =
            new ScenarioRunner(
                    Scenarios.HANDSHAKE_DEMO,
                    LOOPBACK,
                    port,
                    new StateRecorder(observer, port),
                    new RunListener() {})
                .run();

        assertThat(result.failure()).as("run %d", run).isNull();
        SocketKey client = result.endpoints().get("client");
        SocketKey serverEnd = result.endpoints().get("server-conn");
        assertThat(states(result, client))
            .as("run %d: the client, which closed second", run)
            .containsExactly(SYN_SENT, ESTABLISHED, CLOSE_WAIT, LAST_ACK, null);
        assertThat(states(result, serverEnd))
            .as("run %d: the server's end, which closed first", run)
            .containsExactly(SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT);
        assertThat(
                result.transitions().stream()
                    .filter(t -> t.socket().equals(client) || t.socket().equals(serverEnd))
                    .filter(t -> EnumSet.of(SYN_SENT, SYN_RECEIVED, ESTABLISHED).contains(t.to()))
                    .map(t -> (t.socket().equals(client) ? "client " : "server ") + t.to()))
            .as("run %d: the handshake in the order of its segments", run)
            .containsExactly(
                "client SYN_SENT",
                "server SYN_RECEIVED",
                "client ESTABLISHED",
                "server ESTABLISHED");
        assertThat(
                result.transitions().stream()
                    .filter(t -> t.socket().equals(client) || t.socket().equals(serverEnd)))
            .as("run %d: every change of both ends has the kernel's own timestamp", run)
            .allMatch(Transition::traced);
        assertThat(
                result.transitions().stream()
                    .filter(t -> t.socket().remote().getPort() == 0)
                    .map(Transition::to)
                    // A poll between bind() and listen() sees the bound socket as CLOSED.
                    .filter(state -> state != TcpState.CLOSED))
            .as("run %d: the listener", run)
            .containsExactly(LISTEN, null);
      }
    }
    TraceLeftovers.assertGone(instance);
  }

  @Test
  void theInstanceIsRemovedWhenTheRunFailsWithAnException() throws Exception {
    Path instance;
    try (ServerSocketChannel squatter = ServerSocketChannel.open()) {
      squatter.bind(new InetSocketAddress(LOOPBACK, 0));
      int port = squatter.socket().getLocalPort();
      try (TraceObserver observer =
          (TraceObserver) ObserverFactory.open(ObserverChoice.TRACE).observer()) {
        instance = observer.instance();
        assertThat(instance).isDirectory();
        ScenarioRunner runner =
            new ScenarioRunner(
                Scenarios.HANDSHAKE_DEMO,
                LOOPBACK,
                port,
                new StateRecorder(observer, port),
                new RunListener() {});

        assertThatThrownBy(runner::run).isInstanceOf(LabException.class);
      }
    }
    TraceLeftovers.assertGone(instance);
  }

  @Test
  void anInstanceLeftByALabThatWasKilledOutrightIsRemovedByTheNextOne() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertThat(gone.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String stale = "lab-" + gone.pid() + "-1";
    try (Tracefs tracefs = Tracefs.open()) {
      java.nio.file.Files.createDirectory(tracefs.root().resolve("instances").resolve(stale));
      try (SocketObserver observer = ObserverFactory.open(ObserverChoice.TRACE).observer()) {
        assertThat(TraceLeftovers.instances()).doesNotContain(stale);
      }
    }
  }

  private static List<TcpState> states(RunResult result, SocketKey key) {
    List<TcpState> states = new ArrayList<>();
    result.transitions().stream()
        .filter(t -> t.socket().equals(key))
        .forEach(t -> states.add(t.to()));
    return states;
  }

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      return probe.getLocalPort();
    }
  }
}
