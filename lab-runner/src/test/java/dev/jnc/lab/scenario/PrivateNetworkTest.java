package dev.jnc.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jnc.lab.observe.NetlinkObserver;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.TcpState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PrivateNetworkTest {

  private static final Path CHILD_SOCKET_TABLE =
      Path.of("/proc/sys/net/ipv4/tcp_child_ehash_entries");

  @BeforeEach
  void needsAPrivateNetwork() {
    assumeThat(PrivateNetwork.unavailableReason()).as("private network namespace").isEmpty();
  }

  @Test
  void theNamespaceHasASocketTableOfItsOwnAndTheMachinesSettingStaysAsItWas() throws Exception {
    assumeThat(Files.isWritable(CHILD_SOCKET_TABLE)).as("Linux 6.1+, /proc/sys writable").isTrue();
    List<String> machineSetting = Files.readAllLines(CHILD_SOCKET_TABLE);

    OptionalInt inside =
        PrivateNetwork.run("test-socket-table", PrivateNetwork::ownSocketTableBuckets);

    assertThat(inside).hasValue(PrivateNetwork.SOCKET_TABLE_BUCKETS);
    assertThat(Files.readAllLines(CHILD_SOCKET_TABLE)).isEqualTo(machineSetting);
  }

  @Test
  void aListenerInsideIsSeenByANetlinkObserverInsideAndNotByOneOutside() throws Exception {
    InetAddress loopback = InetAddress.ofLiteral("127.0.0.1");
    try (ServerSocketChannel outsideListener = ServerSocketChannel.open();
        NetlinkObserver outside = NetlinkObserver.open()) {
      outsideListener.bind(new InetSocketAddress(loopback, 0));
      int port = ((InetSocketAddress) outsideListener.getLocalAddress()).getPort();

      List<SocketRow> seenInside =
          PrivateNetwork.run(
              "test-isolation",
              () -> {
                try (ServerSocketChannel listener = ServerSocketChannel.open();
                    NetlinkObserver observer = NetlinkObserver.open()) {
                  listener.bind(new InetSocketAddress(loopback, port), 7);
                  List<SocketRow> rows = observer.snapshot(port);
                  // Outside, a TIME_WAIT of another test may share the port number; one listener.
                  assertThat(outside.snapshot(port))
                      .as("outside, the same port")
                      .filteredOn(row -> row.state() == TcpState.LISTEN)
                      .hasSize(1);
                  return rows;
                }
              });

      // The same port bound twice, each namespace seeing only its own.
      assertThat(seenInside)
          .singleElement()
          .extracting(SocketRow::state)
          .isEqualTo(TcpState.LISTEN);
    }
  }
}
