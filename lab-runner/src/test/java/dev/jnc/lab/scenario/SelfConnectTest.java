package dev.jnc.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.ObserverChoice;
import dev.jnc.lab.observe.ObserverFactory;
import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.StateRecorder;
import dev.jnc.lab.record.Transition;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SelfConnectTest {

  private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

  /** The first run leaves its tuple in TIME_WAIT; the second must not take that for its own. */
  @Test
  void aSecondRunDoesNotReportTheFirstRunsTimeWait() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      port = probe.getLocalPort();
    }
    RunResult first = run(port);
    RunResult second = run(port);

    assertThat(first.failure()).isNull();
    assertThat(second.failure()).isNull();
    assertThat(second.endpoints().get("self")).isNotEqualTo(first.endpoints().get("self"));
    List<Transition> own =
        second.transitions().stream()
            .filter(t -> t.socket().equals(second.endpoints().get("self")))
            .toList();
    assertThat(own.getFirst().from()).as("the first sighting starts the history").isNull();
    assertThat(own.getFirst().to()).isNotEqualTo(TcpState.TIME_WAIT);
    assertThat(own.getLast().to()).isEqualTo(TcpState.TIME_WAIT);
  }

  private static RunResult run(int port) throws Exception {
    try (SocketObserver observer = ObserverFactory.open(ObserverChoice.NETLINK).observer()) {
      return new ScenarioRunner(
              Scenarios.SELF_CONNECT,
              LOOPBACK,
              port,
              new StateRecorder(observer, port),
              new RunListener() {})
          .run();
    }
  }
}
