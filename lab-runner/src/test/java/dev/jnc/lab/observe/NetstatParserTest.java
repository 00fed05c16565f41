package dev.jnc.lab.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetstatParserTest {

  private static InetSocketAddress at(String address, int port) {
    return new InetSocketAddress(InetAddress.ofLiteral(address), port);
  }

  @Test
  void readsWindowsRowsOfEveryStateAndSkipsUdp() {
    List<SocketRow> rows =
        new NetstatParser(NetstatFormat.WINDOWS).parse(Fixtures.read("netstat-windows.txt"));

    assertThat(rows).hasSize(22);
    assertThat(rows).extracting(SocketRow::state).containsAll(EnumSet.allOf(TcpState.class));
    assertThat(rows)
        .extracting(SocketRow::local, SocketRow::remote, SocketRow::state, SocketRow::inode)
        .contains(
            tuple(at("127.0.0.1", 6666), at("0.0.0.0", 0), TcpState.LISTEN, 0L),
            tuple(at("127.0.0.1", 50112), at("127.0.0.1", 6666), TcpState.ESTABLISHED, 0L),
            tuple(at("127.0.0.1", 6666), at("127.0.0.1", 50131), TcpState.SYN_RECEIVED, 0L),
            tuple(at("127.0.0.1", 50160), at("127.0.0.1", 6666), TcpState.TIME_WAIT, 0L),
            tuple(at("::1", 6666), at("::", 0), TcpState.LISTEN, 0L),
            tuple(at("::1", 50210), at("::1", 6666), TcpState.TIME_WAIT, 0L),
            tuple(
                at("fe80::1c2d:3e4f:5a6b:7c8d", 6666),
                at("fe80::9a8b:7c6d:5e4f:3a2b", 50220),
                TcpState.ESTABLISHED,
                0L));
  }

  @Test
  void readsMacosRowsWithDottedPortsAndWildcards() {
    List<SocketRow> rows =
        new NetstatParser(NetstatFormat.BSD).parse(Fixtures.read("netstat-macos.txt"));

    assertThat(rows).hasSize(20);
    assertThat(rows).extracting(SocketRow::state).containsAll(EnumSet.allOf(TcpState.class));
    assertThat(rows)
        .extracting(SocketRow::local, SocketRow::remote, SocketRow::state)
        .contains(
            tuple(at("127.0.0.1", 6666), at("0.0.0.0", 0), TcpState.LISTEN),
            tuple(at("0.0.0.0", 0), at("0.0.0.0", 0), TcpState.CLOSED),
            tuple(at("127.0.0.1", 6666), at("127.0.0.1", 50131), TcpState.SYN_RECEIVED),
            tuple(at("127.0.0.1", 50170), at("127.0.0.1", 6666), TcpState.FIN_WAIT_1),
            tuple(at("::1", 6666), at("::1", 50200), TcpState.ESTABLISHED),
            tuple(at("fe80::1", 6666), at("::", 0), TcpState.LISTEN),
            tuple(at("::", 6668), at("::", 0), TcpState.LISTEN));
  }

  @Test
  void readsRecordedLinuxNetstatOfEveryStateButClosed() {
    var parser = new NetstatParser(NetstatFormat.LINUX);
    List<SocketRow> v4 = parser.parse(Fixtures.read("netstat-linux-tan.txt"));
    List<SocketRow> v6 = parser.parse(Fixtures.read("netstat-linux-tan6.txt"));
    List<SocketRow> mapped = parser.parse(Fixtures.read("netstat-linux-tan-mapped.txt"));

    EnumSet<TcpState> listed = EnumSet.complementOf(EnumSet.of(TcpState.CLOSED));
    assertThat(v4).hasSize(40).extracting(SocketRow::state).containsAll(listed);
    assertThat(v6).hasSize(42).extracting(SocketRow::state).containsAll(listed);
    assertThat(mapped).hasSize(42).extracting(SocketRow::state).containsAll(listed);
    assertThat(v4)
        .extracting(SocketRow::local, SocketRow::remote, SocketRow::state)
        .contains(
            tuple(at("127.0.0.1", 44001), at("0.0.0.0", 0), TcpState.LISTEN),
            tuple(at("127.0.0.1", 47484), at("127.0.0.1", 36347), TcpState.FIN_WAIT_1),
            tuple(at("127.0.0.1", 42805), at("127.0.0.1", 32970), TcpState.SYN_RECEIVED));
    assertThat(v6)
        .extracting(SocketRow::local, SocketRow::remote, SocketRow::state)
        .contains(
            tuple(at("::1", 38319), at("::", 0), TcpState.LISTEN),
            tuple(at("::1", 36722), at("::1", 38761), TcpState.TIME_WAIT));
    // Linux netstat prints a dual-stack socket's ::ffff:127.0.0.1 as 127.0.0.1 on a tcp6 row.
    assertThat(mapped)
        .extracting(SocketRow::local, SocketRow::remote, SocketRow::state)
        .contains(tuple(at("127.0.0.1", 34195), at("::", 0), TcpState.LISTEN));
  }

  @Test
  void agreesWithProcOnTheSameRecording() {
    List<SocketRow> fromNetstat =
        new NetstatParser(NetstatFormat.LINUX).parse(Fixtures.read("netstat-linux-tan.txt"));
    List<SocketRow> fromProc =
        new ProcNetTcpParser(java.nio.ByteOrder.LITTLE_ENDIAN)
            .parse(Fixtures.read("proc-net-tcp.txt")).stream()
                .filter(row -> row.state() != TcpState.CLOSED)
                .map(row -> new SocketRow(row.local(), row.remote(), row.state(), 0))
                .toList();

    assertThat(fromNetstat).containsExactlyInAnyOrderElementsOf(fromProc);
  }

  @Test
  void namesTheRowWithAnUnknownState() {
    String text = "  TCP    127.0.0.1:6666         0.0.0.0:0              ABHOEREN\r\n";

    assertThatThrownBy(() -> new NetstatParser(NetstatFormat.WINDOWS).parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1 of netstat's output")
        .hasMessageContaining("ABHOEREN");
  }
}
