package dev.jnc.core.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * An address as people, {@code ss} and {@code netstat} write it: {@code 127.0.0.1}, {@code ::1},
 * {@code fe80::1%eth0}. The JDK spells IPv6 in full ({@code 0:0:0:0:0:0:0:1}); this is RFC 5952's
 * form: lower-case hex without leading zeros, the longest run of two or more zero groups (the first
 * of equal ones) as {@code ::}.
 */
public final class AddressText {

  private static final int GROUPS = 8;

  private AddressText() {}

  /**
   * The local end a bind or a listen asked for, to say which one failed: {@code port 80} for any
   * address, {@code 192.0.2.1} for any port, {@code ::1 port 80}.
   *
   * @param address {@code null} for any address
   * @param port 0 for any port
   */
  public static String localEnd(InetAddress address, int port) {
    if (address == null) {
      return "port " + port;
    }
    return port == 0 ? of(address) : of(address) + " port " + port;
  }

  public static String of(InetAddress address) {
    if (!(address instanceof Inet6Address ipv6)) {
      return address.getHostAddress();
    }
    byte[] bytes = ipv6.getAddress();
    int[] groups = new int[GROUPS];
    for (int i = 0; i < GROUPS; i++) {
      groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
    }
    int runStart = -1;
    int runLength = 1;
    for (int i = 0; i < GROUPS; ) {
      int end = i;
      while (end < GROUPS && groups[end] == 0) {
        end++;
      }
      if (end - i > runLength) {
        runStart = i;
        runLength = end - i;
      }
      i = Math.max(end, i + 1);
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < GROUPS; i++) {
      if (i == runStart) {
        text.append("::");
        i += runLength - 1;
        continue;
      }
      if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text + zone(ipv6);
  }

  /**
   * {@code %eth0} for a link-local address, by the interface's name as {@code ss} writes it: an
   * address the kernel gave us (a peer's, an accepted one's) holds only the interface's number,
   * which the JDK spelled {@code %3}.
   */
  private static String zone(Inet6Address address) {
    if (address.getScopedInterface() != null) {
      return "%" + address.getScopedInterface().getName();
    }
    int index = address.getScopeId();
    if (index == 0) {
      return "";
    }
    try {
      NetworkInterface named = NetworkInterface.getByIndex(index);
      return "%" + (named != null ? named.getName() : Integer.toString(index));
    } catch (SocketException e) {
      return "%" + index;
    }
  }
}
