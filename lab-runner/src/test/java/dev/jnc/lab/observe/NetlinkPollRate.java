package dev.jnc.lab.observe;

import dev.jnc.lab.observe.NetlinkObserver.DumpRequest;
import dev.jnc.lab.scenario.LabException;
import dev.jnc.lab.scenario.PrivateNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Measures netlink snapshots per second on this machine (a benchmark, not a test): {@code java
 * --enable-native-access=ALL-UNNAMED -cp lab-runner/target/classes:lab-runner/target/test-classes
 * dev.jnc.lab.observe.NetlinkPollRate [seconds]}. First in the namespace it was started in, then,
 * where one can be made, in the lab's private network namespace, as {@code lab run
 * --private-network} polls.
 */
public final class NetlinkPollRate {

  /**
   * Connections on another port for the crowded measurement: a busy machine's sockets, which the
   * kernel walks past (the request's port filter) but no longer describes to us.
   */
  private static final int CROWD = 2000;

  private NetlinkPollRate() {}

  public static void main(String[] args) throws IOException, LabException, InterruptedException {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    System.out.printf("in this namespace (%s):%n", socketTable());
    measureAll(seconds);
    String missing = PrivateNetwork.unavailableReason().orElse(null);
    if (missing != null) {
      System.out.println("no private network namespace: " + missing);
    } else {
      PrivateNetwork.run(
          "netlink-poll-rate",
          () -> {
            System.out.printf("in the lab's private network namespace (%s):%n", socketTable());
            measureAll(seconds);
            return null;
          });
    }
    // Last: the crowd's TIME_WAITs keep their ports bound for a minute, and a walk for
    // bound-inactive sockets, in any namespace, passes them all.
    measureCrowded(seconds, CROWD);
  }

  private static String socketTable() {
    OptionalInt buckets = PrivateNetwork.ownSocketTableBuckets();
    return buckets.isPresent()
        ? "a socket table of its own, " + buckets.getAsInt() + " buckets"
        : "the socket table of the namespace it was made from";
  }

  private static void measureAll(double seconds) throws IOException {
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
      // The lab's sampler: samples look up the sockets of the last snapshot.
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
          SocketChannel accepted = server.accept()) {
        measure("the lab's request, and a connection", NetlinkObserver.open(), port, seconds);
        measureSamples("the same, the lab's samples", NetlinkObserver.open(), port, seconds);
      }
    }
  }

  /** The lab's request again, with {@code connections} open on another port (two sockets each). */
  private static void measureCrowded(double seconds, int connections) throws IOException {
    List<NetworkChannel> crowd = new ArrayList<>();
    try (ServerSocketChannel server = ServerSocketChannel.open();
        ServerSocketChannel other = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), connections);
      for (int i = 0; i < connections; i++) {
        crowd.add(SocketChannel.open(other.getLocalAddress()));
        crowd.add(other.accept());
      }
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      System.out.printf("with %d more TCP sockets, on another port:%n", crowd.size());
      measure(
          "BOTH_FAMILIES, all + bound-inactive",
          NetlinkObserver.open(
              NetlinkObserver.ALL_STATES | NetlinkObserver.BOUND_INACTIVE,
              DumpRequest.BOTH_FAMILIES),
          port,
          seconds);
    } finally {
      for (NetworkChannel channel : crowd) {
        channel.close();
      }
    }
  }

  private static void measure(String label, NetlinkObserver observer, int port, double seconds)
      throws IOException {
    measure(label, observer, port, seconds, false);
  }

  private static void measureSamples(
      String label, NetlinkObserver observer, int port, double seconds) throws IOException {
    measure(label, observer, port, seconds, true);
  }

  private static void measure(
      String label, NetlinkObserver observer, int port, double seconds, boolean samples)
      throws IOException {
    try (observer) {
      for (int i = 0; i < 500; i++) {
        observer.snapshot(port);
      }
      long polls = 0;
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      while (System.nanoTime() < end) {
        if (samples) {
          observer.sample(port);
        } else {
          observer.snapshot(port);
        }
        polls++;
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "  %-40s %6.0f polls/s (%d in %.2f s)%n", label, polls / elapsed, polls, elapsed);
    }
  }
}
