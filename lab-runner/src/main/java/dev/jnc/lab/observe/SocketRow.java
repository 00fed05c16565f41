package dev.jnc.lab.observe;

import java.net.InetSocketAddress;

/**
 * One TCP socket as an observer saw it: a row of {@code netstat -an}.
 *
 * @param local our address and port
 * @param remote the peer's address and port; the wildcard address and port 0 for a listener
 * @param state the TCP state
 * @param inode the socket's inode where the platform reports one (Linux), else 0; request sockets
 *     (SYN_RECEIVED held in the accept path) and TIME_WAIT sockets have 0
 */
public record SocketRow(
    InetSocketAddress local, InetSocketAddress remote, TcpState state, long inode) {

  /** True when either end uses {@code port}. */
  public boolean involves(int port) {
    return local.getPort() == port || remote.getPort() == port;
  }
}
