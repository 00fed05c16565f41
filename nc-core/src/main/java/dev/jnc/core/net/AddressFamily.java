package dev.jnc.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;

/**
 * The protocol family to open a channel in for one address. Without one, java.nio opens an IPv6
 * socket wherever IPv6 exists, and an IPv4 connection then sits in the kernel's IPv6 table as
 * {@code ::ffff:a.b.c.d}, where {@code ss -4} and {@code /proc/net/tcp} do not show it.
 */
public final class AddressFamily {

  // Each family's own parser: InetAddress.ofLiteral("::") first tried IPv4, whose refusal formats
  // a message for an exception it throws away (java.util.Formatter's classes in every start).
  private static final InetAddress IPV4_ANY = Inet4Address.ofLiteral("0.0.0.0");
  private static final InetAddress IPV6_ANY = Inet6Address.ofLiteral("::");

  private AddressFamily() {}

  /**
   * The wildcard address of {@code family}: {@code 0.0.0.0} or {@code ::}. Not the JDK's own
   * wildcard (a socket address made with no address), whose family follows {@code
   * java.net.preferIPv6Addresses}: jnc sets it to the system's order, where it is {@code ::}, which
   * an IPv4 socket cannot bind.
   */
  public static InetAddress wildcard(ProtocolFamily family) {
    return family == StandardProtocolFamily.INET ? IPV4_ANY : IPV6_ANY;
  }

  /**
   * Where a socket of {@code peer}'s family binds for {@code -s address} and {@code -p port}: the
   * address, or that family's wildcard without one.
   */
  public static InetSocketAddress localEnd(InetAddress peer, InetAddress address, int port) {
    return new InetSocketAddress(address != null ? address : wildcard(of(peer)), port);
  }

  public static ProtocolFamily of(InetAddress address) {
    return address instanceof Inet4Address
        ? StandardProtocolFamily.INET
        : StandardProtocolFamily.INET6;
  }
}
