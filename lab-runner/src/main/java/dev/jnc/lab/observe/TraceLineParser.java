package dev.jnc.lab.observe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the lines of a tracefs instance's {@code trace_pipe} with the {@code fields} option on, the
 * only text format that shows {@code skaddr}:
 *
 * <pre>
 * java-123 [001] ..s2. 2113.905981: inet_sock_set_state: skaddr=0xffff88818e0365c0 (-1313...)
 *     oldstate=0xa (10) newstate=0x3 (3) sport=0x1e61 (7777) dport=0xa46a (42090) family=0x2 (2)
 *     protocol=0x6 (6) saddr=0x100007f (16777343) daddr=0x100007f (16777343) saddr_v6=... </pre>
 *
 * <p>{@code fields} prints the four-byte address arrays as little-endian numbers and cannot print
 * the sixteen-byte ones, so the IPv4 addresses are all there is. They are set for IPv4 sockets and
 * for IPv6 sockets talking IPv4 (mapped addresses); events of IPv6-only sockets are skipped, and
 * the poller still sees those sockets.
 */
public final class TraceLineParser {

  private static final Pattern EVENT =
      Pattern.compile(
          "\\s(\\d+)\\.(\\d+): inet_sock_set_state: skaddr=0x([0-9a-f]+) .*?"
              + "oldstate=\\S+ \\((\\d+)\\) newstate=\\S+ \\((\\d+)\\) "
              + "sport=\\S+ \\((\\d+)\\) dport=\\S+ \\((\\d+)\\) family=\\S+ \\((\\d+)\\) "
              + "protocol=\\S+ \\((\\d+)\\) saddr=0x([0-9a-f]+) \\S+ daddr=0x([0-9a-f]+) ");

  /** A {@code trace_marker} line: {@code fields} cannot format it and names only its type. */
  private static final Pattern MARKER = Pattern.compile(": (tracing_mark_write: |UNKNOWN TYPE 5$)");

  private static final int AF_INET6 = 10;
  private static final int IPPROTO_TCP = 6;
  private static final int TCP_NEW_SYN_RECV = 12;

  /** The IPv4 address Linux gives IPv6-only sockets in their IPv4 fields: 127.0.0.6. */
  private static final long LOOPBACK4_IPV6 = 0x0600007FL;

  private TraceLineParser() {}

  /** The TCP state change on this line, if it is one and its addresses are known. */
  public static Optional<TraceEvent> parse(String line) {
    Matcher m = EVENT.matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    int fromCode = Integer.parseInt(m.group(4));
    int toCode = Integer.parseInt(m.group(5));
    int family = Integer.parseInt(m.group(8));
    int protocol = Integer.parseInt(m.group(9));
    long saddr = Long.parseUnsignedLong(m.group(10), 16);
    long daddr = Long.parseUnsignedLong(m.group(11), 16);
    if (protocol != IPPROTO_TCP
        || fromCode == TCP_NEW_SYN_RECV
        || toCode == TCP_NEW_SYN_RECV
        || (family == AF_INET6 && (saddr == LOOPBACK4_IPV6 || saddr == 0 && daddr == 0))) {
      return Optional.empty();
    }
    long nanos = Long.parseLong(m.group(1)) * 1_000_000_000L + fraction(m.group(2));
    return Optional.of(
        new TraceEvent(
            nanos,
            Long.parseUnsignedLong(m.group(3), 16),
            TcpState.fromLinuxCode(fromCode),
            TcpState.fromLinuxCode(toCode),
            new InetSocketAddress(ipv4(saddr), Integer.parseInt(m.group(6))),
            new InetSocketAddress(ipv4(daddr), Integer.parseInt(m.group(7)))));
  }

  /** True for a line written to {@code trace_marker} (type 5, {@code TRACE_PRINT}). */
  public static boolean isMarker(String line) {
    return MARKER.matcher(line).find();
  }

  /** "905940" (microseconds, as tracefs prints) as nanoseconds, whatever the number of digits. */
  private static long fraction(String digits) {
    long value = Long.parseLong(digits);
    for (int i = digits.length(); i < 9; i++) {
      value *= 10;
    }
    return value;
  }

  /** The address array as the kernel stores it, read by {@code fields} as a little-endian int. */
  private static InetAddress ipv4(long littleEndian) {
    byte[] bytes = {
      (byte) littleEndian,
      (byte) (littleEndian >> 8),
      (byte) (littleEndian >> 16),
      (byte) (littleEndian >> 24)
    };
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an address", e);
    }
  }
}
