package dev.jnc.core.net;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Readies the JDK's networking on a thread of its own while the main thread reads the command line.
 * The first address parsed and the first selector and socket opened cost a fresh JVM some 12 ms
 * (measured: loading the native libraries, initialising the classes), as much as the rest of a
 * {@code -z} probe; done here, on the second core, the engine finds them ready. It sends nothing:
 * the socket it opens is never bound or connected.
 */
public final class NetworkWarmUp {

  private NetworkWarmUp() {}

  /**
   * Starts the warm-up, then runs {@code afterwards} on its thread: more work for the other core
   * that must not hold up the engine's networking.
   */
  public static void startInBackground(Runnable afterwards) {
    try {
      Thread.ofPlatform()
          .name("jnc-warm-up")
          .daemon()
          .start(
              () -> {
                warmUp();
                afterwards.run();
              });
    } catch (OutOfMemoryError e) {
      // No thread to spare (ulimit -u): a head start is no reason to fail, and the engine readies
      // the same on its first use; a thread the run needs will say so.
    }
  }

  /**
   * The JDK's socket events for Flight Recorder, which every socket read and write asks whether it
   * is enabled. The AOT cache holds no JFR event class (the JDK leaves them out, as an agent may
   * rewrite them), so the first read and the first write of a run each loaded one from the JDK's
   * module image: 1.4 ms on the main thread between a request's line read from stdin and its send
   * (measured with stamps on read and write, see {@code docs/benchmarks.md}).
   */
  private static final String[] SOCKET_EVENTS = {
    "jdk.internal.event.SocketWriteEvent", "jdk.internal.event.SocketReadEvent"
  };

  /**
   * The entry points the engine takes first, in the engine's order: two threads that initialise the
   * same classes in the same order never wait on each other's class initialisation in a circle.
   */
  static void warmUp() {
    InetAddress.ofLiteral("127.0.0.1");
    try (Selector selector = Selector.open();
        SocketChannel socket = SocketChannel.open()) {
      socket.configureBlocking(false);
    } catch (IOException e) {
      // The engine will meet the same fault and report it.
    }
    for (String event : SOCKET_EVENTS) {
      try {
        Class.forName(event, true, null);
      } catch (ClassNotFoundException e) {
        // Another JDK, with other events or none: the sockets load what they use themselves.
      }
    }
  }
}
