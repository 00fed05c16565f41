package dev.jnc.cli;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Renders engine events as netcat 1.10's {@code -v} messages on stderr, word for word, so that
 * scripts and eyes trained on {@code nc -v} read jnc the same way.
 */
final class VerboseMessages implements NcListener {

  private final PrintStream err;
  private final int verbosity;
  private final boolean numeric;

  VerboseMessages(PrintStream err, int verbosity, boolean numeric) {
    this.err = err;
    this.verbosity = verbosity;
    this.numeric = numeric;
  }

  @Override
  public void onEvent(NcEvent event) {
    if (verbosity == 0) {
      return;
    }
    switch (event) {
      case NcEvent.Listening e ->
          err.println(
              "listening on ["
                  + (e.local().getAddress().isAnyLocalAddress()
                      ? "any"
                      : e.local().getAddress().getHostAddress())
                  + "] "
                  + e.local().getPort()
                  + " ...");
      case NcEvent.Accepted e ->
          err.println(
              "connect to ["
                  + e.local().getAddress().getHostAddress()
                  + "] from "
                  + describe(e.remote().getAddress())
                  + " "
                  + e.remote().getPort());
      case NcEvent.Connected e -> err.println(describe(e.remote()) + " open");
      case NcEvent.ConnectFailed e -> err.println(describe(e.remote()) + " : " + e.reason());
      case NcEvent.Closed e -> {
        if (verbosity > 1) {
          err.println(" sent " + e.bytesSent() + ", rcvd " + e.bytesReceived());
        }
      }
      default -> {}
    }
    err.flush();
  }

  /** {@code localhost [127.0.0.1] 6666 (?)}. */
  private String describe(InetSocketAddress address) {
    return describe(address.getAddress()) + " " + address.getPort() + " (?)";
  }

  /** {@code localhost [127.0.0.1]}, or {@code (UNKNOWN) [127.0.0.1]} without a reverse name. */
  private String describe(InetAddress address) {
    String literal = address.getHostAddress();
    String name = numeric ? literal : address.getCanonicalHostName();
    return (name.equals(literal) ? "(UNKNOWN)" : name) + " [" + literal + "]";
  }
}
