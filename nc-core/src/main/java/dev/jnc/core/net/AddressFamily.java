package dev.jnc.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;

/**
 * The protocol family to open a channel in for one address. Without one, java.nio opens an IPv6
 * socket wherever IPv6 exists, and an IPv4 connection then sits in the kernel's IPv6 table as
 * {@code ::ffff:a.b.c.d}, where {@code ss -4} and {@code /proc/net/tcp} do not show it.
 */
public final class AddressFamily {

  private AddressFamily() {}

  public static ProtocolFamily of(InetAddress address) {
    return address instanceof Inet4Address
        ? StandardProtocolFamily.INET
        : StandardProtocolFamily.INET6;
  }
}
