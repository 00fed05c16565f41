package dev.jnc.lab.report;

import dev.jnc.core.net.AddressText;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.observe.TcpState;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Prints rows the way Windows {@code netstat -an -p tcp} does, which is what the seed's readers
 * see: {@code TCP 127.0.0.1:6666 0.0.0.0:0 LISTENING}; or, for {@code --names linux} and {@code
 * bsd}, the way {@code ss} and BSD {@code netstat} do.
 */
public final class NetstatFormatter {

  private final StateNames names;

  public NetstatFormatter(StateNames names) {
    this.names = names;
  }

  /** The command a reader of the seed would type to see these rows. */
  public static String command(int port) {
    return "netstat -an -p tcp | find \"" + port + "\"";
  }

  /**
   * The command whose spelling of the states these rows use: a table with {@code ss} names under a
   * Windows {@code netstat} command would show output no tool prints.
   */
  public String commandFor(int port) {
    return switch (names) {
      case WINDOWS -> command(port);
      case LINUX -> "ss -tan | grep :" + port;
      case BSD -> "netstat -an -p tcp | grep " + port;
      case RFC -> "(the kernel's table, RFC 9293 state names) port " + port;
    };
  }

  /**
   * True when {@code rows} hold a bound socket that is neither listening nor connected (CLOSED):
   * the command {@link #commandFor} names does not list such a socket, while netlink does (Linux
   * 6.5+), so a reader who types the command would miss the row unless told.
   */
  public static boolean listsUnlisted(List<SocketRow> rows) {
    for (SocketRow row : rows) {
      if (row.state() == TcpState.CLOSED) {
        return true;
      }
    }
    return false;
  }

  /**
   * One row in the column order and address form of the tool {@link #commandFor} names, without the
   * receive and send queue columns, which not every observer can fill.
   */
  public String format(SocketRow row) {
    boolean v6 = row.local().getAddress() instanceof Inet6Address;
    String state = row.state().displayName(names);
    return switch (names) {
      case WINDOWS, RFC ->
          String.format(
              "  %-6s %-22s %-22s %s",
              v6 ? "TCPv6" : "TCP", address(row.local()), address(row.remote()), state);
      case LINUX ->
          String.format("  %-10s %-22s %s", state, address(row.local()), ssPeer(row.remote()));
      case BSD ->
          String.format(
              "  %-6s %-22s %-22s %s",
              v6 ? "tcp6" : "tcp4", bsdAddress(row.local()), bsdAddress(row.remote()), state);
    };
  }

  /** {@code ss} shows a listener's unknown peer port as {@code *}. */
  private static String ssPeer(InetSocketAddress peer) {
    String text = address(peer);
    return peer.getPort() == 0 ? text.substring(0, text.lastIndexOf(':')) + ":*" : text;
  }

  /** BSD netstat: {@code 127.0.0.1.6666}, {@code ::1.6666}, and {@code *} for a wildcard part. */
  private static String bsdAddress(InetSocketAddress address) {
    String host =
        address.getAddress().isAnyLocalAddress()
            ? "*"
            : address(new InetSocketAddress(address.getAddress(), 0))
                .replaceFirst(":0$", "")
                .replace("[", "")
                .replace("]", "");
    return host + "." + (address.getPort() == 0 ? "*" : address.getPort());
  }

  /** {@code 127.0.0.1:6666}, {@code [::1]:6666}. */
  public static String address(InetSocketAddress address) {
    String host = AddressText.of(address.getAddress());
    if (address.getAddress() instanceof Inet6Address) {
      // netstat leaves the zone out.
      int zone = host.indexOf('%');
      host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
    }
    return host + ":" + address.getPort();
  }
}
