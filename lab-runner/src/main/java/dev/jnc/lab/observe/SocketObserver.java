package dev.jnc.lab.observe;

import java.io.IOException;
import java.util.List;

/** Takes snapshots of the kernel's TCP socket table. */
public interface SocketObserver extends AutoCloseable {

  /** A short name for messages: {@code proc}, {@code netlink}, {@code netstat}. */
  String name();

  /** Every TCP socket (IPv4 and IPv6) with {@code port} at either end. */
  List<SocketRow> snapshot(int port) throws IOException;

  /** True if bound sockets that neither connect nor listen appear, as {@link TcpState#CLOSED}. */
  default boolean seesBoundSockets() {
    return false;
  }

  @Override
  default void close() throws IOException {}
}
