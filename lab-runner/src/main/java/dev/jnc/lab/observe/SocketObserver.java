package dev.jnc.lab.observe;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Takes snapshots of the kernel's TCP socket table. */
public interface SocketObserver extends AutoCloseable {

  /** A short name for messages: {@code proc}, {@code netlink}, {@code netstat}. */
  String name();

  /** Every TCP socket (IPv4 and IPv6) with {@code port} at either end. */
  List<SocketRow> snapshot(int port) throws IOException;

  /**
   * One of many polls of {@code port} in a row, as a sampler makes them. An observer may answer
   * from what its last {@link #snapshot} found where that makes a sample much cheaper: a socket
   * that appeared since may then show a few samples later, and a bound socket that neither connects
   * nor listens as it was then.
   */
  default List<SocketRow> sample(int port) throws IOException {
    return snapshot(port);
  }

  /** True if bound sockets that neither connect nor listen appear, as {@link TcpState#CLOSED}. */
  default boolean seesBoundSockets() {
    return whyNoBoundSockets().isEmpty();
  }

  /**
   * Why bound sockets that neither connect nor listen do not appear here, in words fit for a {@code
   * lab: } message; empty when they do. Without them, CLOSED shows only as a socket leaving the
   * table.
   */
  default Optional<String> whyNoBoundSockets() {
    return Optional.of("the " + name() + " observer does not list sockets that are only bound");
  }

  /**
   * Starts reporting every state change on {@code port} as the kernel makes it, where this observer
   * can; empty for observers that only take snapshots.
   */
  default Optional<TraceFeed> follow(int port) throws IOException {
    return Optional.empty();
  }

  @Override
  default void close() throws IOException {}
}
