package dev.jnc.lab.report;

import dev.jnc.core.net.AddressText;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.StateNames;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Prints rows the way Windows {@code netstat -an -p tcp} does, which is what the seed's readers
 * see: {@code TCP 127.0.0.1:6666 0.0.0.0:0 LISTENING}.
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

  public String format(SocketRow row) {
    String proto = row.local().getAddress() instanceof Inet6Address ? "TCPv6" : "TCP";
    return String.format(
        "  %-6s %-22s %-22s %s",
        proto, address(row.local()), address(row.remote()), row.state().displayName(names));
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
