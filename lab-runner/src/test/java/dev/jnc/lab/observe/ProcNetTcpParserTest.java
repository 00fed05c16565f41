package dev.jnc.lab.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixtures were recorded on x86-64 Linux 6.18 (see the fixtures' README.md for the ports); the only
 * hand-made rows are the two in state 07, which the kernel never prints.
 */
class ProcNetTcpParserTest {

  private static final ProcNetTcpParser X86 = new ProcNetTcpParser(ByteOrder.LITTLE_ENDIAN);

  private static InetSocketAddress v4(int port) {
    return new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port);
  }

  private static InetSocketAddress v6(int port) {
    return new InetSocketAddress(InetAddress.ofLiteral("::1"), port);
  }

  @Test
  void readsLittleEndianWordsOfIpv4AndIpv6Addresses() {
    assertThat(X86.address("0100007F")).isEqualTo(InetAddress.ofLiteral("127.0.0.1"));
    assertThat(X86.address("00000000000000000000000001000000"))
        .isEqualTo(InetAddress.ofLiteral("::1"));
    assertThat(X86.endpoint("0100007F:1A0A")).isEqualTo(v4(6666));
  }

  @Test
  void readsBigEndianWordsAsPrinted() {
    var bigEndian = new ProcNetTcpParser(ByteOrder.BIG_ENDIAN);

    assertThat(bigEndian.address("7F000001")).isEqualTo(InetAddress.ofLiteral("127.0.0.1"));
  }

  @Test
  void showsIpv4MappedAddressesAsIpv4() {
    assertThat(X86.address("0000000000000000FFFF00000100007F"))
        .isEqualTo(InetAddress.ofLiteral("127.0.0.1"))
        .isInstanceOf(java.net.Inet4Address.class);
  }

  @Test
  void readsEveryStateOfTheRecordedIpv4Table() {
    List<SocketRow> rows = X86.parse(Fixtures.read("proc-net-tcp.txt"));

    assertThat(rows).hasSize(41);
    assertThat(rows).extracting(SocketRow::state).containsAll(EnumSet.allOf(TcpState.class));
    assertThat(rows)
        .extracting(SocketRow::local, SocketRow::remote, SocketRow::state, SocketRow::inode)
        .contains(
            tuple(
                v4(44001),
                new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), 0),
                TcpState.LISTEN,
                13623L),
            tuple(v4(37946), v4(44001), TcpState.ESTABLISHED, 13624L),
            tuple(v4(44001), v4(37946), TcpState.ESTABLISHED, 13625L),
            tuple(v4(41490), v4(35189), TcpState.FIN_WAIT_2, 13627L),
            tuple(v4(35189), v4(41490), TcpState.CLOSE_WAIT, 13628L),
            tuple(v4(60098), v4(40827), TcpState.TIME_WAIT, 0L),
            tuple(v4(47484), v4(36347), TcpState.FIN_WAIT_1, 13633L),
            tuple(v4(36350), v4(44347), TcpState.CLOSING, 13636L),
            tuple(v4(44347), v4(36350), TcpState.FIN_WAIT_2, 13637L),
            tuple(v4(46479), v4(37168), TcpState.LAST_ACK, 15227L),
            tuple(v4(54574), v4(34849), TcpState.SYN_SENT, 15231L),
            tuple(v4(42805), v4(32970), TcpState.SYN_RECEIVED, 0L),
            tuple(
                v4(55011),
                new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), 0),
                TcpState.CLOSED,
                15243L));
  }

  @Test
  void readsEveryStateOfTheRecordedIpv6Table() {
    List<SocketRow> rows = X86.parse(Fixtures.read("proc-net-tcp6.txt"));

    assertThat(rows).hasSize(43);
    assertThat(rows).extracting(SocketRow::state).containsAll(EnumSet.allOf(TcpState.class));
    assertThat(rows)
        .extracting(SocketRow::local, SocketRow::remote, SocketRow::state)
        .contains(
            tuple(
                v6(38319), new InetSocketAddress(InetAddress.ofLiteral("::"), 0), TcpState.LISTEN),
            tuple(v6(42948), v6(38319), TcpState.ESTABLISHED),
            tuple(v6(36722), v6(38761), TcpState.TIME_WAIT),
            tuple(v6(39538), v6(43639), TcpState.FIN_WAIT_1),
            tuple(v6(34526), v6(41333), TcpState.CLOSING),
            tuple(v6(45943), v6(42672), TcpState.LAST_ACK),
            tuple(v6(41708), v6(41171), TcpState.FIN_WAIT_2),
            tuple(v6(41171), v6(41708), TcpState.CLOSE_WAIT));
  }

  @Test
  void readsDualStackSocketsOn127001AsIpv4Rows() {
    List<SocketRow> rows = X86.parse(Fixtures.read("proc-net-tcp6-mapped.txt"));

    assertThat(rows).hasSize(42);
    assertThat(rows)
        .allSatisfy(
            row ->
                assertThat(row.local().getAddress()).isEqualTo(InetAddress.ofLiteral("127.0.0.1")));
    List<TcpState> states = new ArrayList<>(EnumSet.allOf(TcpState.class));
    states.remove(TcpState.CLOSED);
    assertThat(rows).extracting(SocketRow::state).containsAll(states);
    assertThat(rows)
        .extracting(SocketRow::local, SocketRow::remote, SocketRow::state)
        .contains(tuple(v4(42850), v4(34195), TcpState.ESTABLISHED));
  }

  @Test
  void namesTheLineThatCannotBeRead() {
    String text =
        "  sl  local_address rem_address   st\n   0: 0100007F:1A0E 00000000:0000 0Z 0 0 0 0 0 0\n";

    assertThatThrownBy(() -> X86.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("line 2 of the TCP table");
  }
}
