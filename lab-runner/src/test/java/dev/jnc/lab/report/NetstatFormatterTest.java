package dev.jnc.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.observe.TcpState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class NetstatFormatterTest {

  private static InetSocketAddress at(String host, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(host), port);
  }

  @Test
  void listenerLooksLikeWindowsNetstat() throws Exception {
    SocketRow row = new SocketRow(at("127.0.0.1", 6666), at("0.0.0.0", 0), TcpState.LISTEN, 0);

    assertThat(new NetstatFormatter(StateNames.WINDOWS).format(row))
        .isEqualTo("  TCP    127.0.0.1:6666         0.0.0.0:0              LISTENING");
  }

  @Test
  void linuxRowsAreLaidOutAsSsPrintsThem() throws Exception {
    SocketRow row =
        new SocketRow(at("127.0.0.1", 6666), at("127.0.0.1", 40112), TcpState.TIME_WAIT, 0);
    SocketRow listener = new SocketRow(at("::1", 6666), at("::", 0), TcpState.LISTEN, 0);

    assertThat(new NetstatFormatter(StateNames.LINUX).format(row))
        .isEqualTo("  TIME-WAIT  127.0.0.1:6666         127.0.0.1:40112");
    assertThat(new NetstatFormatter(StateNames.LINUX).format(listener))
        .isEqualTo("  LISTEN     [::1]:6666             [::]:*");
  }

  @Test
  void bsdRowsAreLaidOutAsBsdNetstatPrintsThem() throws Exception {
    SocketRow row =
        new SocketRow(at("127.0.0.1", 6666), at("127.0.0.1", 40112), TcpState.SYN_RECEIVED, 0);
    SocketRow listener = new SocketRow(at("0.0.0.0", 6666), at("0.0.0.0", 0), TcpState.LISTEN, 0);
    SocketRow v6 = new SocketRow(at("::1", 6666), at("::1", 40112), TcpState.ESTABLISHED, 0);

    assertThat(new NetstatFormatter(StateNames.BSD).format(row))
        .isEqualTo("  tcp4   127.0.0.1.6666         127.0.0.1.40112        SYN_RCVD");
    assertThat(new NetstatFormatter(StateNames.BSD).format(listener))
        .isEqualTo("  tcp4   *.6666                 *.*                    LISTEN");
    assertThat(new NetstatFormatter(StateNames.BSD).format(v6))
        .isEqualTo("  tcp6   ::1.6666               ::1.40112              ESTABLISHED");
  }

  @Test
  void theCommandShownIsTheToolWhoseStateNamesTheRowsUse() {
    assertThat(new NetstatFormatter(StateNames.WINDOWS).commandFor(6666))
        .isEqualTo("netstat -an -p tcp | find \"6666\"");
    assertThat(new NetstatFormatter(StateNames.LINUX).commandFor(6666))
        .isEqualTo("ss -tan | grep :6666");
    assertThat(new NetstatFormatter(StateNames.BSD).commandFor(6666))
        .isEqualTo("netstat -an -p tcp | grep 6666");
  }

  @Test
  void ipv6RowsAreTcpv6WithBracketedAddresses() throws Exception {
    SocketRow row = new SocketRow(at("::1", 6666), at("::", 0), TcpState.LISTEN, 0);

    assertThat(new NetstatFormatter(StateNames.WINDOWS).format(row))
        .isEqualTo("  TCPv6  [::1]:6666             [::]:0                 LISTENING");
  }
}
