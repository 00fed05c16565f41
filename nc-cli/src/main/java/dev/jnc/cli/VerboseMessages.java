package dev.jnc.cli;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.net.AddressText;
import dev.jnc.core.net.ServiceNames;
import dev.jnc.core.options.NcOptions.Protocol;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders engine events as netcat 1.10's {@code -v} messages on stderr, word for word, so that
 * scripts and eyes trained on {@code nc -v} read jnc the same way.
 */
final class VerboseMessages implements NcListener {

  private static final String REFUSED = "Connection refused";

  private final PrintStream err;
  private final int verbosity;
  private final boolean numeric;
  private final ServiceNames services;
  private final Protocol protocol;
  private final boolean severalPorts;
  private boolean scanning;
  private long connectionStart;
  private boolean runningProgram;

  /** {@code -L}: a client's reset does not end the run. */
  private boolean listeningAgain;

  /** {@code -6}: the local address to suggest is IPv6's loopback. */
  private boolean ipv6Only;

  private String peerName;

  /** Whether the last connect attempt failed and its nc 1.10 line was printed. */
  private boolean connectFailureShown;

  /** The connection's totals so far, for a signal that ends the run before its end is seen. */
  private final AtomicLong sentSoFar = new AtomicLong();

  private final AtomicLong receivedSoFar = new AtomicLong();

  /** Cleared by whichever tells the totals first: the connection's end or a signal's hook. */
  private final AtomicBoolean connectionOpen = new AtomicBoolean();

  private boolean hooked;

  /** A {@code -vv} listener that has had no connection yet: a signal then tells zero totals. */
  private volatile boolean listeningWithoutConnection;

  VerboseMessages(PrintStream err, int verbosity, boolean numeric) {
    this(err, verbosity, numeric, ServiceNames.empty(), Protocol.TCP, false);
  }

  /**
   * @param services names shown after port numbers, {@code (http)}; {@code (?)} when unknown
   * @param severalPorts more than one port was asked for: then, as in nc 1.10, a refused port is
   *     reported only at {@code -vv}, since a scan is mostly refusals
   */
  VerboseMessages(
      PrintStream err,
      int verbosity,
      boolean numeric,
      ServiceNames services,
      Protocol protocol,
      boolean severalPorts) {
    this.err = err;
    this.verbosity = verbosity;
    this.numeric = numeric;
    this.services = services;
    this.protocol = protocol;
    this.severalPorts = severalPorts;
  }

  @Override
  public void onEvent(NcEvent event) {
    if (verbosity == 0) {
      return;
    }
    switch (event) {
      case NcEvent.Listening e -> {
        boolean everywhere = e.local().getAddress().isAnyLocalAddress();
        err.println(
            "listening on ["
                + (everywhere ? "any" : AddressText.of(e.local().getAddress()))
                + "] "
                + e.local().getPort()
                + " ...");
        // netcat 1.10 says no more, but the default of every interface is how shells get exposed
        // by accident: jnc says so plainly, on a line of its own after netcat's.
        if (everywhere) {
          err.println(
              "jnc: [any] is every interface: any host that can reach this one can connect"
                  + (runningProgram ? " and run the -e program" : "")
                  + (ipv6Only ? " (-s ::1 to stay local)" : " (-s 127.0.0.1 to stay local)"));
        }
        if (verbosity > 1 && connectionStart == 0) {
          listeningWithoutConnection = true;
          hookOnce();
        }
      }
      case NcEvent.Accepted e -> {
        opened(e.nanos());
        err.println(
            "connect to ["
                + AddressText.of(e.local().getAddress())
                + "] from "
                + describe(e.remote().getAddress())
                + " "
                + e.remote().getPort());
      }
      case NcEvent.Connected e -> {
        opened(e.nanos());
        connectFailureShown = false;
        err.println(describe(e.remote()) + " open");
      }
      case NcEvent.ConnectFailed e -> {
        connectFailureShown = verbosity > 1 || !severalPorts || !e.reason().equals(REFUSED);
        if (connectFailureShown) {
          err.println(describe(e.remote()) + " : " + e.reason());
        }
      }
      case NcEvent.PeerRejected e ->
          err.println(
              "invalid connection to ["
                  + AddressText.of(e.local().getAddress())
                  + "] from "
                  + describe(e.remote().getAddress())
                  + " "
                  + e.remote().getPort());
      case NcEvent.BytesOut e -> sentSoFar.addAndGet(e.count());
      case NcEvent.BytesIn e -> receivedSoFar.addAndGet(e.count());
      case NcEvent.Closed e -> {
        boolean told = connectionOpen.compareAndSet(true, false);
        if (told) {
          err.println(summary(e.nanos(), e.bytesSent(), e.bytesReceived()));
        }
        if (e.reason() == NcEvent.CloseReason.RESET && (listeningAgain || severalPorts)) {
          // A -L server, and a connect to several ports, go on past a reset, which no error line
          // tells otherwise.
          err.println(
              "jnc: Connection reset by peer" + (listeningAgain ? "; listening again" : ""));
        }
        if (told && verbosity > 1) {
          err.println(" sent " + e.bytesSent() + ", rcvd " + e.bytesReceived());
        }
      }
      default -> {}
    }
    err.flush();
  }

  /**
   * ncat's closing line, which people read more easily than nc 1.10's terse one. Written without
   * {@link String#format}, whose first call loads the JDK's locale data: 12-14 ms at the end of
   * every {@code -v} run (class-initialisation log). The seconds are rounded half up, as {@code
   * %.2f} rounds.
   */
  private String summary(long endNanos, long sent, long received) {
    long hundredths = (endNanos - connectionStart + 5_000_000) / 10_000_000;
    long fraction = hundredths % 100;
    return "jnc: "
        + sent
        + " bytes sent, "
        + received
        + " bytes received in "
        + hundredths / 100
        + (fraction < 10 ? ".0" : ".")
        + fraction
        + " seconds.";
  }

  private void opened(long nanos) {
    listeningWithoutConnection = false;
    connectionStart = nanos;
    sentSoFar.set(0);
    receivedSoFar.set(0);
    if (!scanning) {
      connectionOpen.set(true);
      hookOnce();
    }
  }

  /**
   * A signal (Ctrl-C, {@code kill}) ends the JVM without the connection's end: the totals so far
   * are told all the same, as nc 1.10 tells them at {@code -vv}, since how far a transfer got is
   * what the one who stopped it wants to know. Registered at the first connection (or at a {@code
   * -vv} listener's start), so that runs without one pay nothing for it.
   */
  private synchronized void hookOnce() {
    if (!hooked) {
      hooked = true;
      Runtime.getRuntime()
          .addShutdownHook(Thread.ofPlatform().name("jnc-totals").unstarted(this::toldOnTheWayOut));
    }
  }

  private void toldOnTheWayOut() {
    if (connectionOpen.compareAndSet(true, false)) {
      long sent = sentSoFar.get();
      long received = receivedSoFar.get();
      err.println(summary(System.nanoTime(), sent, received));
      if (verbosity > 1) {
        err.println(" sent " + sent + ", rcvd " + received);
      }
      err.flush();
    } else if (listeningWithoutConnection) {
      // nc 1.10's line for a listener stopped before anyone came.
      finishedWithoutConnection();
    }
  }

  /**
   * A {@code -z} scan opens and closes many connections but, like nc 1.10, reports its totals once,
   * at the end ({@link #finishedWithoutConnection}).
   */
  VerboseMessages scanning(boolean value) {
    scanning = value;
    return this;
  }

  /** {@code -L}: a client that resets is told, since the server goes on without an error. */
  VerboseMessages listeningAgain(boolean value) {
    listeningAgain = value;
    return this;
  }

  /** {@code -6}: a listener on every interface suggests {@code -s ::1} to stay local. */
  /**
   * The destination as typed, when it is a name: nc 1.10 calls the peer by it ({@code runsc
   * [127.0.0.1] 22 (ssh) open}), where the reverse lookup may give another name or none.
   */
  VerboseMessages peerNamed(String name) {
    peerName = name;
    return this;
  }

  VerboseMessages ipv6Only(boolean value) {
    ipv6Only = value;
    return this;
  }

  /** {@code -e}: a listener on every interface also says that whoever connects runs the program. */
  VerboseMessages runningProgram(boolean value) {
    runningProgram = value;
    return this;
  }

  /**
   * True when the run's last connect failed and said so in nc 1.10's words: nc 1.10 ends there, and
   * the engine's own error line would tell the same failure twice.
   */
  boolean connectFailureShown() {
    return connectFailureShown;
  }

  /** {@code -vv} after a scan, or a connect that failed: nc 1.10's one totals line. */
  void finishedWithoutConnection() {
    listeningWithoutConnection = false;
    if (verbosity > 1) {
      err.println(" sent 0, rcvd 0");
      err.flush();
    }
  }

  /** {@code localhost [127.0.0.1] 80 (http)}, {@code (?)} for a port without a service name. */
  private String describe(InetSocketAddress address) {
    String literal = AddressText.of(address.getAddress());
    return (peerName != null ? peerName + " [" + literal + "]" : describe(address.getAddress()))
        + " "
        + address.getPort()
        + " ("
        + services.name(address.getPort(), protocol).orElse("?")
        + ")";
  }

  /** {@code localhost [127.0.0.1]}, or {@code (UNKNOWN) [127.0.0.1]} without a reverse name. */
  private String describe(InetAddress address) {
    String literal = AddressText.of(address);
    String name = numeric ? literal : address.getCanonicalHostName();
    // Without a reverse name the JDK gives back the literal, in its own spelling.
    boolean unnamed = name.equals(literal) || name.equals(address.getHostAddress());
    return (unnamed ? "(UNKNOWN)" : name) + " [" + literal + "]";
  }
}
