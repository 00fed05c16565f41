package dev.jnc.lab.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class ObserverFactoryTest {

  private static final MachineFacts ROOT_WITH_EVERYTHING =
      new MachineFacts(true, true, Optional.empty(), true);
  private static final MachineFacts USER_WITH_EVERYTHING =
      new MachineFacts(false, true, Optional.empty(), true);

  @Test
  void autoTakesTheTraceAsRootWithTracefs() throws Exception {
    assertThat(ObserverFactory.plan(ObserverChoice.AUTO, ROOT_WITH_EVERYTHING))
        .isEqualTo(
            new ObserverFactory.Plan(
                ObserverChoice.TRACE, "auto: running as root and tracefs is available"));
  }

  @Test
  void autoTakesNetlinkForAnUnprivilegedUserAndSaysWhyNotTheTrace() throws Exception {
    assertThat(ObserverFactory.plan(ObserverChoice.AUTO, USER_WITH_EVERYTHING))
        .isEqualTo(
            new ObserverFactory.Plan(
                ObserverChoice.NETLINK, "auto: sock_diag works here; trace needs root"));
    assertThat(
            ObserverFactory.plan(
                ObserverChoice.AUTO, new MachineFacts(true, false, Optional.empty(), true)))
        .isEqualTo(
            new ObserverFactory.Plan(
                ObserverChoice.NETLINK, "auto: sock_diag works here; no tracefs here"));
  }

  @Test
  void autoFallsBackToProcThenNetstat() throws Exception {
    Optional<String> noNetlink = Optional.of("not Linux");

    assertThat(
            ObserverFactory.plan(
                ObserverChoice.AUTO, new MachineFacts(false, false, noNetlink, true)))
        .isEqualTo(
            new ObserverFactory.Plan(
                ObserverChoice.PROC, "auto: netlink unavailable (not Linux); trace needs root"));
    assertThat(
            ObserverFactory.plan(
                    ObserverChoice.AUTO, new MachineFacts(false, false, noNetlink, false))
                .kind())
        .isEqualTo(ObserverChoice.NETSTAT);
  }

  @Test
  void traceWithoutRootIsAClearRefusal() {
    assertThatThrownBy(() -> ObserverFactory.plan(ObserverChoice.TRACE, USER_WITH_EVERYTHING))
        .isInstanceOf(ObserverUnavailableException.class)
        .hasMessage(
            "observer 'trace' needs root: it creates a tracefs instance for the"
                + " sock:inet_sock_set_state tracepoint; run lab as root, or use --observer auto"
                + " (netlink, no root needed)");
  }

  @Test
  void autoOnThisMachineSaysWhatItPicked() throws Exception {
    MachineFacts facts = MachineFacts.probe();
    ChosenObserver chosen = ObserverFactory.open(ObserverChoice.AUTO);
    try (SocketObserver observer = chosen.observer()) {
      String expected = ObserverFactory.plan(ObserverChoice.AUTO, facts).kind().optionValue();
      assertThat(observer.name()).isEqualTo(expected);
      assertThat(chosen.explanation()).startsWith("observer: " + expected + " (auto: ");
    }
  }

  /**
   * As root, {@code auto} and {@code trace} begin the trace's instance before the facts are in: the
   * observer uses that one instance, and closing it removes it.
   */
  @ParameterizedTest
  @EnumSource(
      value = ObserverChoice.class,
      names = {"AUTO", "TRACE"})
  void theTraceBegunAheadIsTheOneInstanceItUses(ObserverChoice choice) throws Exception {
    MachineFacts facts = MachineFacts.probe();
    assumeTrue(
        ObserverFactory.plan(ObserverChoice.AUTO, facts).kind() == ObserverChoice.TRACE,
        "the trace is this machine's choice (root, tracefs)");
    String ours = "lab-" + ProcessHandle.current().pid() + "-";

    ChosenObserver chosen = ObserverFactory.open(choice);
    try (SocketObserver observer = chosen.observer()) {
      assertThat(observer.name()).isEqualTo("trace");
      assertThat(TraceLeftovers.instances()).filteredOn(name -> name.startsWith(ours)).hasSize(1);
    }
    assertThat(TraceLeftovers.instances()).noneMatch(name -> name.startsWith(ours));
  }

  @ParameterizedTest
  @EnumSource(
      value = ObserverChoice.class,
      names = {"NETLINK", "PROC", "NETSTAT"})
  void opensTheObserverAskedForAndItSeesAListener(ObserverChoice choice) throws Exception {
    assumeTrue(choice != ObserverChoice.NETLINK || NetlinkObserver.isAvailable());
    assumeTrue(choice != ObserverChoice.PROC || ProcNetTcpObserver.isAvailable());

    ChosenObserver chosen = ObserverFactory.open(choice);
    try (SocketObserver observer = chosen.observer();
        ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();

      assertThat(observer.name()).isEqualTo(choice.optionValue());
      assertThat(chosen.explanation())
          .startsWith("observer: " + choice.optionValue() + " (asked for");
      // A TIME_WAIT left by an earlier test may hold the same port number as an ephemeral port.
      assertThat(snapshotOrSkip(observer, port))
          .filteredOn(row -> row.state() != TcpState.TIME_WAIT)
          .extracting(SocketRow::state)
          .containsExactly(TcpState.LISTEN);
    }
  }

  private static java.util.List<SocketRow> snapshotOrSkip(SocketObserver observer, int port)
      throws IOException {
    try {
      return observer.snapshot(port);
    } catch (IOException e) {
      // Only netstat can be missing: net-tools is not part of a minimal Debian.
      assumeTrue(!observer.name().equals("netstat"), "netstat cannot run: " + e.getMessage());
      throw e;
    }
  }

  @Test
  void readsTheOptionValues() {
    assertThat(ObserverChoice.fromOptionValue("auto")).isEqualTo(ObserverChoice.AUTO);
    assertThat(ObserverChoice.fromOptionValue("Netlink")).isEqualTo(ObserverChoice.NETLINK);
    assertThatThrownBy(() -> ObserverChoice.fromOptionValue("ebpf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown observer 'ebpf': expected auto, netlink, proc, netstat or trace");
  }
}
