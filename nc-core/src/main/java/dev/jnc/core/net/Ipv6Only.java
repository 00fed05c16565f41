package dev.jnc.core.net;

import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.util.Optional;

/**
 * {@code IPV6_V6ONLY} for {@code -6}. The JDK opens every IPv6 socket dual-stack and offers no
 * option to change that, so a {@code -6} listener would also take IPv4 peers; with the option set
 * before the bind, the kernel refuses them at their connect, as ncat's {@code -6} does.
 */
public final class Ipv6Only {

  private static final int IPPROTO_IPV6 = 41;
  private static final int IPV6_V6ONLY = 26;

  private Ipv6Only() {}

  /**
   * Sets the option on a channel opened in the IPv6 family and not bound yet.
   *
   * @return whether it is set; when not (not Linux, no native access), IPv4 peers still reach the
   *     socket and the caller must turn them away itself
   */
  public static boolean restrict(NetworkChannel unbound) throws IOException {
    Optional<SocketDescriptor> descriptor = SocketDescriptor.ofUnbound(unbound);
    if (descriptor.isEmpty()) {
      return false;
    }
    descriptor.get().setIntOption(IPPROTO_IPV6, IPV6_V6ONLY, 1);
    return true;
  }
}
