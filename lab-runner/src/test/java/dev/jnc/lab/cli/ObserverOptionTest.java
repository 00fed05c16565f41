package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.scenario.LabException;
import dev.jnc.lab.scenario.Scenarios;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What {@code lab} decides from an observer's ability to list bound idle sockets. The kernel here
 * is new enough for netlink to list them, so an older kernel's netlink is played by a stand-in that
 * gives the reason {@code NetlinkObserver} gives there.
 */
class ObserverOptionTest {

  private static final String OLD_KERNEL =
      "this kernel (Linux 6.1.0) does not answer sock_diag dumps of bound idle sockets"
          + " (TCPF_BOUND_INACTIVE needs Linux 6.5+)";

  /** An observer with a name and an answer about bound sockets; it is never polled. */
  private record StandIn(String name, Optional<String> whyNoBoundSockets)
      implements SocketObserver {
    @Override
    public List<SocketRow> snapshot(int port) {
      throw new AssertionError("a refused run must not poll");
    }
  }

  @Test
  void closedOnAKernelTooOldForBoundSocketListingIsRefusedWithTheReason() {
    StandIn oldNetlink = new StandIn("netlink", Optional.of(OLD_KERNEL));

    assertThatThrownBy(() -> ObserverOption.checkCanShow(Scenarios.BOUND_IDLE, oldNetlink))
        .isInstanceOf(LabException.class)
        .hasMessage(
            "closed cannot show CLOSED here: "
                + OLD_KERNEL
                + "; reset, passive-close and last-ack show CLOSED as a socket leaving the table");
  }

  @Test
  void anObserverThatListsBoundSocketsRunsClosedAndEveryPartOfAllStates() throws Exception {
    StandIn newNetlink = new StandIn("netlink", Optional.empty());

    ObserverOption.checkCanShow(Scenarios.BOUND_IDLE, newNetlink);

    assertThat(ObserverOption.allStatesParts(newNetlink))
        .isEqualTo(Scenarios.ALL_STATES_PARTS)
        .contains(Scenarios.BOUND_IDLE);
  }

  @Test
  void withoutBoundSocketsAllStatesLeavesOutClosedOnly() throws Exception {
    StandIn oldNetlink = new StandIn("netlink", Optional.of(OLD_KERNEL));

    assertThat(ObserverOption.allStatesParts(oldNetlink))
        .containsExactlyElementsOf(
            Scenarios.ALL_STATES_PARTS.stream().filter(s -> s != Scenarios.BOUND_IDLE).toList());
    // Scenarios that do not wait for a CLOSED row run with any observer.
    ObserverOption.checkCanShow(Scenarios.RESET, oldNetlink);
  }
}
