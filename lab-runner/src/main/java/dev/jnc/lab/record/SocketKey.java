package dev.jnc.lab.record;

import dev.jnc.lab.observe.SocketRow;
import java.net.InetSocketAddress;

/**
 * A socket's identity across snapshots: its two addresses. A listener and a connection accepted
 * from it share the local address, so the remote end is part of the key.
 */
public record SocketKey(InetSocketAddress local, InetSocketAddress remote) {

  public static SocketKey of(SocketRow row) {
    return new SocketKey(row.local(), row.remote());
  }

  @Override
  public String toString() {
    return hostPort(local) + " -> " + hostPort(remote);
  }

  static String hostPort(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
