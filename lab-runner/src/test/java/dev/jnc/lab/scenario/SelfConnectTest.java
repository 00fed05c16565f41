package dev.jnc.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.Transition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SelfConnectTest {

  /** The first run leaves its tuple in TIME_WAIT; the second must not take that for its own. */
  @Test
  void aSecondRunDoesNotReportTheFirstRunsTimeWait() throws Exception {
    int port = NetlinkRuns.freePort();
    RunResult first = NetlinkRuns.run(Scenarios.SELF_CONNECT, port, new RunListener() {});
    RunResult second = NetlinkRuns.run(Scenarios.SELF_CONNECT, port, new RunListener() {});

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

  /** The last snapshot shows the one connection, not also its descriptor, bound and CLOSED. */
  @Test
  void theLastSnapshotShowsOneRowInTimeWait() throws Exception {
    List<List<TcpState>> snapshots = new ArrayList<>();
    RunResult result =
        NetlinkRuns.run(
            Scenarios.SELF_CONNECT,
            NetlinkRuns.freePort(),
            new RunListener() {
              @Override
              public void snapshot(String caption, List<SocketRow> rows, int hidden) {
                snapshots.add(rows.stream().map(SocketRow::state).toList());
              }
            });

    assertThat(result.failure()).isNull();
    assertThat(snapshots.getLast()).containsExactly(TcpState.TIME_WAIT);
  }
}
