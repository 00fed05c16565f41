package dev.jnc.core.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** Finds loopback ports that nobody listens on, by asking the kernel, never by guessing. */
public final class ClosedPorts {

  private ClosedPorts() {}

  /** A port the kernel just handed out and took back: free, unless someone grabs it now. */
  public static int free(InetAddress address) throws IOException {
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress(address, 0));
      return ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
  }

  /** Whether a TCP connect to {@code port} is refused right now. */
  public static boolean refuses(InetAddress address, int port) throws IOException {
    try (SocketChannel channel = SocketChannel.open()) {
      channel.connect(new InetSocketAddress(address, port));
      return false;
    } catch (ConnectException e) {
      return true;
    }
  }
}
