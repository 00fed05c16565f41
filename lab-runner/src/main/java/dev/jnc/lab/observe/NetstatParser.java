package dev.jnc.lab.observe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the TCP rows of {@code netstat}'s output in one of the {@link NetstatFormat}s. Headers,
 * blank lines and other protocols' rows are skipped; a TCP row that cannot be read is an error
 * rather than a silent gap. {@code netstat} reports no inode, so rows carry 0.
 */
public final class NetstatParser {

  private static final Set<String> WINDOWS_PROTOCOLS = Set.of("TCP", "TCPV6");
  private static final Set<String> BSD_PROTOCOLS = Set.of("tcp", "tcp4", "tcp6", "tcp46");
  private static final Set<String> LINUX_PROTOCOLS = Set.of("tcp", "tcp6");

  private final NetstatFormat format;

  /** A parser of {@code format}'s layout. */
  public NetstatParser(NetstatFormat format) {
    this.format = format;
  }

  /** Every TCP row of {@code text}, IPv4 and IPv6. */
  public List<SocketRow> parse(String text) {
    List<SocketRow> rows = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String[] fields = lines[i].strip().split("\\s+");
      if (!isTcpRow(fields)) {
        continue;
      }
      try {
        rows.add(parseRow(fields));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + " of netstat's output: " + e.getMessage() + ": " + lines[i].strip(),
            e);
      }
    }
    return rows;
  }

  private boolean isTcpRow(String[] fields) {
    String protocol = fields[0];
    return switch (format) {
      case WINDOWS -> WINDOWS_PROTOCOLS.contains(protocol.toUpperCase(Locale.ROOT));
      case BSD -> BSD_PROTOCOLS.contains(protocol);
      case LINUX -> LINUX_PROTOCOLS.contains(protocol);
    };
  }

  private SocketRow parseRow(String[] fields) {
    // Windows has no Recv-Q and Send-Q columns.
    int local = format == NetstatFormat.WINDOWS ? 1 : 3;
    if (fields.length != local + 3) {
      throw new IllegalArgumentException(
          "expected " + (local + 3) + " fields, found " + fields.length);
    }
    boolean ipv6Wildcard = fields[0].endsWith("6");
    return new SocketRow(
        endpoint(fields[local], ipv6Wildcard),
        endpoint(fields[local + 1], ipv6Wildcard),
        state(fields[local + 2]),
        0);
  }

  private static TcpState state(String name) {
    // Windows' name for a connection whose control block is being deleted: already closed.
    if (name.equals("DELETE_TCB")) {
      return TcpState.CLOSED;
    }
    return TcpState.parse(name);
  }

  /**
   * {@code 127.0.0.1:6666}, {@code [::1]:6666} (Windows), {@code ::1:6666}, {@code 0.0.0.0:*}
   * (Linux), {@code 127.0.0.1.6666}, {@code *.*} (BSD).
   */
  InetSocketAddress endpoint(String field, boolean ipv6Wildcard) {
    char separator = format == NetstatFormat.BSD ? '.' : ':';
    int at = field.lastIndexOf(separator);
    if (at < 0) {
      throw new IllegalArgumentException("no port in address " + field);
    }
    String host = field.substring(0, at);
    String port = field.substring(at + 1);
    return new InetSocketAddress(
        address(host, ipv6Wildcard), port.equals("*") ? 0 : Integer.parseInt(port));
  }

  private static InetAddress address(String host, boolean ipv6Wildcard) {
    if (host.equals("*")) {
      return InetAddress.ofLiteral(ipv6Wildcard ? "::" : "0.0.0.0");
    }
    String literal = host;
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    // A zone (%12 on Windows, %lo0 on macOS) does not matter for matching ports.
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    // ofLiteral never asks DNS, and gives an Inet4Address for ::ffff:127.0.0.1.
    return InetAddress.ofLiteral(literal);
  }
}
