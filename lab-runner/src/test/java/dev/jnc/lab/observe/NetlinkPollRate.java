package dev.jnc.lab.observe;

import dev.jnc.lab.observe.NetlinkObserver.DumpRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * Measures netlink snapshots per second on this machine (a benchmark, not a test): {@code java
 * --enable-native-access=ALL-UNNAMED -cp lab-runner/target/classes:lab-runner/target/test-classes
 * dev.jnc.lab.observe.NetlinkPollRate [seconds]}.
 */
public final class NetlinkPollRate {

  private NetlinkPollRate() {}

  public static void main(String[] args) throws IOException {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      int everything = NetlinkObserver.ALL_STATES | NetlinkObserver.BOUND_INACTIVE;
      for (DumpRequest request : DumpRequest.values()) {
        measure(
            request + ", all + bound-inactive",
            NetlinkObserver.open(everything, request),
            port,
            seconds);
        measure(
            request + ", all states",
            NetlinkObserver.open(NetlinkObserver.ALL_STATES, request),
            port,
            seconds);
      }
    }
  }

  private static void measure(String label, NetlinkObserver observer, int port, double seconds)
      throws IOException {
    try (observer) {
      for (int i = 0; i < 500; i++) {
        observer.snapshot(port);
      }
      long polls = 0;
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      while (System.nanoTime() < end) {
        observer.snapshot(port);
        polls++;
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "%-40s %6.0f polls/s (%d in %.2f s)%n", label, polls / elapsed, polls, elapsed);
    }
  }
}
