package dev.jnc.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.TcpState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SimultaneousCloseTest {

  @Test
  void bothEndsAreInClosingAtTheSameMomentInAPrivateNetwork() throws Exception {
    assumeThat(PrivateNetwork.unavailableReason()).as("private network namespace").isEmpty();
    Map<String, List<SocketRow>> snapshots = new ConcurrentHashMap<>();
    RunListener keepSnapshots =
        new RunListener() {
          @Override
          public void snapshot(String caption, List<SocketRow> rows, int hidden) {
            snapshots.put(caption, rows);
          }
        };

    RunResult result =
        PrivateNetwork.run(
            "test-simultaneous-close",
            () ->
                NetlinkRuns.run(
                    Scenarios.SIMULTANEOUS_CLOSE,
                    Scenarios.SIMULTANEOUS_CLOSE.defaultPort(),
                    keepSnapshots));

    assertThat(result.failure()).isNull();
    List<SocketRow> crossed =
        snapshots.entrySet().stream()
            .filter(e -> e.getKey().startsWith("both FINs crossed"))
            .findFirst()
            .orElseThrow()
            .getValue();
    assertThat(crossed)
        .filteredOn(r -> r.remote().getPort() != 0)
        .extracting(SocketRow::state)
        .containsExactly(TcpState.CLOSING, TcpState.CLOSING);
    assertThat(result.observed()).contains(TcpState.CLOSING, TcpState.TIME_WAIT);
  }

  /** What users without root get, run as often as all-states' soak asks of every recipe. */
  @RepeatedTest(20)
  void theSharedLoopbackRecipeHoldsClosingOnTheClientEveryTime() throws Exception {
    RunResult result = NetlinkRuns.run(Scenarios.SIMULTANEOUS_CLOSE_ONE_END);

    assertThat(result.failure()).isNull();
    assertThat(result.observed()).contains(TcpState.CLOSING, TcpState.TIME_WAIT);
  }

  @Test
  void theMachinesOwnLoopbackIsNeverSlowed() throws Exception {
    RunResult result = NetlinkRuns.run(Scenarios.SIMULTANEOUS_CLOSE);

    assertThat(result.failure()).contains("the machine's own loopback is never touched");
    assertThat(loopbackQdiscs()).doesNotContain("tbf");
  }

  private static String loopbackQdiscs() throws Exception {
    Process tc = new ProcessBuilder("tc", "qdisc", "show", "dev", "lo").start();
    try {
      String shown = new String(tc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(tc.waitFor(10, TimeUnit.SECONDS)).isTrue();
      return shown;
    } finally {
      tc.destroyForcibly();
    }
  }
}
