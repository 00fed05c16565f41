package dev.jnc.lab.scenario;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnc.lab.observe.ObserverChoice;
import dev.jnc.lab.observe.ObserverFactory;
import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.record.StateRecorder;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C in the middle of a run: the shutdown hook aborts the run's sockets under the feet of the
 * step that is running. Whatever step that is, the run ends as stopped, never with the broken
 * step's own error ("scenario bug: no open socket named client", a closed channel), which the user
 * who pressed Ctrl-C used to be shown.
 */
@Timeout(120)
class AbortTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"passive-close", "active-close", "last-ack"})
  void anAbortBeforeAnyStepEndsTheRunAsStopped(String name) throws Exception {
    Scenario scenario = Scenarios.named(name).orElseThrow();
    for (int abortAt = 1; abortAt <= scenario.steps().size(); abortAt++) {
      int port = NetlinkRuns.freePort();
      int at = abortAt;
      AtomicReference<ScenarioRunner> runner = new AtomicReference<>();
      try (SocketObserver observer = ObserverFactory.open(ObserverChoice.NETLINK).observer()) {
        runner.set(
            new ScenarioRunner(
                scenario,
                NetlinkRuns.LOOPBACK,
                port,
                new StateRecorder(observer, port),
                new RunListener() {
                  @Override
                  public void step(int number, Step step) {
                    if (number == at) {
                      runner.get().abort();
                    }
                  }
                }));

        assertThatThrownBy(runner.get()::run)
            .as("aborted before step %d of %s", at, name)
            .isInstanceOf(LabException.class)
            .hasMessage("stopped");
      }
    }
  }
}
