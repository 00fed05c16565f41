package dev.jnc.core.net;

import dev.jnc.core.NcException;
import dev.jnc.core.options.NcOptions.IpVersion;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** Turns host arguments into addresses, honouring {@code -n} and {@code -4}/{@code -6}. */
public final class AddressResolver {

  private final boolean numeric;
  private final IpVersion ipVersion;

  public AddressResolver(boolean numeric, IpVersion ipVersion) {
    this.numeric = numeric;
    this.ipVersion = ipVersion;
  }

  /**
   * All addresses of {@code host} in the allowed families, in resolver order.
   *
   * @throws NcException usage error for a name under {@code -n}; network error for an unknown or
   *     blank host or one with no address in the allowed family
   */
  public List<InetAddress> resolve(String host) throws NcException {
    List<InetAddress> all;
    InetAddress literal = literal(host);
    if (literal != null) {
      all = List.of(literal);
    } else if (numeric) {
      throw NcException.usage("Can't parse " + host + " as an IP address");
    } else if (host.isBlank()) {
      // The JDK reads an empty name as the loopback address: a script's unset "$HOST" would talk
      // to this machine where every netcat refuses.
      throw NcException.network("\"" + host + "\": forward host lookup failed: Unknown host");
    } else if (host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))
        || (host.indexOf(':') >= 0 && !ipv4TailIsDecimal(host))) {
      // Digits and dots that inet_aton refuses (127.0.0.08, 1.2.3.4.5) name no host: a host name
      // is never all-numeric (RFC 1123, 2.1), and the peers' lookups fail. The JDK's own lookup
      // reads 127.0.0.08 as the address 127.0.0.8, and jnc went there.
      throw NcException.network(host + ": forward host lookup failed: Unknown host");
    } else {
      try {
        all = Arrays.asList(InetAddress.getAllByName(host));
      } catch (UnknownHostException e) {
        throw NcException.network(host + ": forward host lookup failed: Unknown host");
      }
    }
    List<InetAddress> allowed = all.stream().filter(this::allowed).toList();
    if (allowed.isEmpty()) {
      throw NcException.network(
          host + ": no " + (ipVersion == IpVersion.V4 ? "IPv4" : "IPv6") + " address");
    }
    return allowed;
  }

  /** The first allowed address of {@code host}. */
  public InetAddress resolveOne(String host) throws NcException {
    return resolve(host).getFirst();
  }

  private boolean allowed(InetAddress address) {
    return switch (ipVersion) {
      case ANY -> true;
      case V4 -> address instanceof Inet4Address;
      case V6 -> address instanceof Inet6Address;
    };
  }

  /**
   * False for an IPv6 form whose IPv4 tail ({@code ::ffff:127.0.0.1}) is not four decimal numbers
   * of 0-255 without leading zeros, as inet_pton requires; true for any other text.
   */
  private static boolean ipv4TailIsDecimal(String text) {
    int scope = text.indexOf('%');
    String address = scope < 0 ? text : text.substring(0, scope);
    String tail = address.substring(address.lastIndexOf(':') + 1);
    if (tail.indexOf('.') < 0) {
      return true;
    }
    String[] parts = tail.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty()
          || part.length() > 3
          || (part.length() > 1 && part.charAt(0) == '0')
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * The address written in {@code host}, or {@code null} if it is a name; never asks DNS. An IPv4
   * address is read as {@code inet_aton} reads it, as every netcat does through the C library: a
   * leading zero makes a part octal ({@code 0177.0.0.1} is 127.0.0.1, not 177.0.0.1), {@code 0x}
   * hexadecimal, and {@code 127.1} fills the middle with zeros.
   */
  public static InetAddress literal(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      return Inet4Address.ofPosixLiteral(bare);
    } catch (IllegalArgumentException notIpv4) {
      if (bare.indexOf(':') < 0) {
        // Not IPv6 either: the JDK's own reading would take 127.0.0.08 as 127.0.0.8, which
        // inet_aton refuses (08 is no octal number), and so do the peers.
        return null;
      }
      if (!ipv4TailIsDecimal(bare)) {
        // inet_pton takes an IPv6 address's IPv4 tail in plain decimal only; the JDK read
        // ::ffff:0177.0.0.1 as 177.0.0.1, another host, where the peers refuse it.
        return null;
      }
      try {
        return InetAddress.ofLiteral(bare);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
