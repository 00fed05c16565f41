package dev.jnc.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.TcpState;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateDiagramTest {

  @Test
  void theFigureHasTwentyOneEdgesSixOnEachNormalPath() {
    assertThat(StateDiagram.EDGES).hasSize(21);
    assertThat(StateDiagram.EDGES.stream().filter(e -> e.style() == LineStyle.CLIENT_PATH))
        .extracting(DiagramEdge::id)
        .containsExactly(
            "CLOSED-SYN_SENT",
            "SYN_SENT-ESTABLISHED",
            "ESTABLISHED-FIN_WAIT_1",
            "FIN_WAIT_1-FIN_WAIT_2",
            "FIN_WAIT_2-TIME_WAIT",
            "TIME_WAIT-CLOSED");
    assertThat(StateDiagram.EDGES.stream().filter(e -> e.style() == LineStyle.SERVER_PATH))
        .extracting(DiagramEdge::id)
        .containsExactly(
            "CLOSED-LISTEN",
            "LISTEN-SYN_RECEIVED",
            "SYN_RECEIVED-ESTABLISHED",
            "ESTABLISHED-CLOSE_WAIT",
            "CLOSE_WAIT-LAST_ACK",
            "LAST_ACK-CLOSED");
    assertThat(StateDiagram.EDGES).extracting(DiagramEdge::id).doesNotHaveDuplicates();
  }

  @Test
  void everyStateIsOnTheFigureAndEveryEdgeHasAPlaceInTheLayout() {
    Set<TcpState> touched = EnumSet.noneOf(TcpState.class);
    for (DiagramEdge edge : StateDiagram.EDGES) {
      touched.add(edge.from());
      touched.add(edge.to());
      assertThat(DiagramLayout.route(edge).points()).as(edge.id()).hasSizeGreaterThanOrEqualTo(2);
    }
    assertThat(touched).containsExactlyInAnyOrder(TcpState.values());
  }

  @Test
  void aSkippedActiveCloseGoesThroughBothFinWaitStatesAsLinuxDoes() {
    assertThat(StateDiagram.route(TcpState.ESTABLISHED, TcpState.TIME_WAIT))
        .extracting(DiagramEdge::id)
        .containsExactly("ESTABLISHED-FIN_WAIT_1", "FIN_WAIT_1-FIN_WAIT_2", "FIN_WAIT_2-TIME_WAIT");
    assertThat(StateDiagram.route(TcpState.CLOSE_WAIT, TcpState.CLOSED))
        .extracting(DiagramEdge::id)
        .containsExactly("CLOSE_WAIT-LAST_ACK", "LAST_ACK-CLOSED");
    assertThat(StateDiagram.route(TcpState.TIME_WAIT, TcpState.TIME_WAIT)).isEmpty();
  }
}
