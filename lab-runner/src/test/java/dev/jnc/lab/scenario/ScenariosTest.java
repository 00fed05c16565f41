package dev.jnc.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jnc.lab.observe.ObserverChoice;
import dev.jnc.lab.observe.ObserverFactory;
import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.StateRecorder;
import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(120)
class ScenariosTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** Every scenario, and the shared-loopback stand-ins used where no private network is had. */
  static Stream<Scenario> scenarios() {
    return Scenarios.allWithStandIns().stream();
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void everyScenarioShowsWhatItPromisesOnTheRealKernel(Scenario scenario) throws Exception {
    RunResult result;
    if (scenario.needsPrivateNetwork()) {
      assumeThat(PrivateNetwork.unavailableReason()).as("private network namespace").isEmpty();
      result = PrivateNetwork.run("test-" + scenario.name(), () -> NetlinkRuns.run(scenario));
    } else {
      result = NetlinkRuns.run(scenario);
    }

    assertThat(result.failure()).as(scenario.name()).isNull();
    assertThat(result.observed())
        .as(scenario.name())
        .containsAll(scenario.demonstrates().stream().filter(s -> s != TcpState.CLOSED).toList());
  }

  @Test
  void theScenariosOfAllStatesPromiseAllElevenStates() {
    assertThat(Scenarios.demonstratedBy(Scenarios.ALL_STATES_PARTS))
        .containsExactlyInAnyOrder(TcpState.values());
  }

  /**
   * {@code lab list} shows a scenario's summary beside the states it checks: a state the summary
   * names (in any spelling of {@code --names}, not after "no") must be one it checks.
   */
  @ParameterizedTest
  @MethodSource("scenarios")
  void aSummaryNamesOnlyStatesTheScenarioChecks(Scenario scenario) {
    List<TcpState> named =
        Stream.of(TcpState.values())
            .filter(
                s ->
                    Stream.concat(
                            Stream.of(s.name()), Stream.of(StateNames.values()).map(s::displayName))
                        .anyMatch(
                            name ->
                                Pattern.compile("(?<!no )\\b" + Pattern.quote(name) + "\\b")
                                    .matcher(scenario.summary())
                                    .find()))
            .toList();

    assertThat(named).as(scenario.summary()).isNotEmpty();
    assertThat(scenario.demonstrates()).as(scenario.summary()).containsAll(named);
  }

  @Test
  void onlyClosedNeedsAnObserverThatListsBoundSockets() {
    assertThat(Scenarios.all().stream().filter(Scenario::needsBoundSockets))
        .containsExactly(Scenarios.BOUND_IDLE);
  }

  @Test
  void aResetLeavesNoTimeWait() throws Exception {
    try (SocketObserver observer = ObserverFactory.open(ObserverChoice.AUTO).observer()) {
      int port = NetlinkRuns.freePort();
      RunResult result =
          new ScenarioRunner(
                  Scenarios.RESET,
                  LOOPBACK,
                  port,
                  new StateRecorder(observer, port),
                  new RunListener() {})
              .run();

      assertThat(result.failure()).isNull();
      assertThat(result.transitions()).noneMatch(t -> t.to() == TcpState.TIME_WAIT);
    }
  }

  @Test
  void nothingARunOpenedOutlivesIt() throws Exception {
    try (SocketObserver observer = ObserverFactory.open(ObserverChoice.NETLINK).observer()) {
      int port = NetlinkRuns.freePort();
      RunResult result =
          new ScenarioRunner(
                  Scenarios.SYN_RECEIVED_HELD,
                  LOOPBACK,
                  port,
                  new StateRecorder(observer, port),
                  new RunListener() {})
              .run();

      // Aborted with RST at cleanup: no socket of the run is left on its port, not even TIME_WAIT.
      // Another test's TIME_WAIT may share the ephemeral port number; it is not the run's.
      assertThat(result.passed()).as(result.failure()).isTrue();
      assertThat(observer.snapshot(port))
          .filteredOn(
              r ->
                  r.remote().getPort() == 0
                      || result.endpoints().containsValue(SocketKey.of(r))
                      || result.endpoints().containsValue(new SocketKey(r.remote(), r.local())))
          .isEmpty();
    }
  }
}
