package dev.jnc.lab.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class ObserverFactoryTest {

  @Test
  void autoTakesNetlinkWhereItWorks() throws Exception {
    assumeTrue(NetlinkObserver.isAvailable(), "netlink unavailable here");

    ChosenObserver chosen = ObserverFactory.open(ObserverChoice.AUTO);
    try (SocketObserver observer = chosen.observer()) {
      assertThat(observer.name()).isEqualTo("netlink");
      assertThat(chosen.explanation())
          .isEqualTo(
              "observer: netlink (auto: sock_diag works here; bound idle sockets show as CLOSED)");
    }
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
      assertThat(snapshotOrSkip(observer, port))
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
  void traceIsAClearErrorForNow() {
    assertThatThrownBy(() -> ObserverFactory.open(ObserverChoice.TRACE))
        .isInstanceOf(ObserverUnavailableException.class)
        .hasMessage(
            "observer 'trace' is not available yet: use --observer auto, netlink, proc or netstat");
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
