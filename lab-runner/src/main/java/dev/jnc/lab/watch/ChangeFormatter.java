package dev.jnc.lab.watch;

import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.Transition;
import dev.jnc.lab.report.NetstatFormatter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One line per state change, as {@code tcpstates} prints them: wall-clock time, socket, old state
 * -> new state, and how long the socket was in the old one.
 */
public final class ChangeFormatter {

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneId.systemDefault());

  /** A screen's clock: milliseconds leave room for both states on 80 columns. */
  private static final DateTimeFormatter SCREEN_CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  /**
   * The socket column of a stream of changes, whose sockets are not known in advance: the widest
   * IPv4 pair, {@code 255.255.255.255:65535 -> 255.255.255.255:65535}.
   */
  private static final int WIDEST_IPV4_PAIR = 45;

  private final StateNames names;
  private final long wallNanosAtStart;
  private final long monotonicAtStart;

  /** Times are shown on the wall clock, which {@code System.nanoTime()} values map onto. */
  public ChangeFormatter(StateNames names, Instant wallNow, long nanoNow) {
    this.names = names;
    this.wallNanosAtStart = wallNow.getEpochSecond() * 1_000_000_000L + wallNow.getNano();
    this.monotonicAtStart = nanoNow;
  }

  /**
   * {@code 14:03:07.123456 127.0.0.1:6666 -> 127.0.0.1:40000 LISTENING -> ESTABLISHED (12.3 ms in
   * LISTENING)}; a socket that appears comes from {@code (new)}, one that leaves goes to {@code
   * gone}.
   */
  public String format(Transition t) {
    return format(t, WIDEST_IPV4_PAIR, CLOCK);
  }

  /**
   * The line for a screen: the clock in milliseconds and the socket column {@code socketColumn}
   * wide, sized to the sockets the screen shows, so that an 80-column terminal still has room for
   * both states.
   */
  public String screenLine(Transition t, int socketColumn) {
    return format(t, socketColumn, SCREEN_CLOCK);
  }

  private String format(Transition t, int socketColumn, DateTimeFormatter clock) {
    String from = t.from() == null ? "(new)" : name(t.from());
    String to = t.to() == null ? "gone" : name(t.to());
    String socket = socket(t);
    String line =
        clock.format(wallClock(t.nanos()))
            + "  "
            + socket
            + " ".repeat(Math.max(0, socketColumn - socket.length()))
            + " "
            + from
            + " -> "
            + to;
    if (t.from() != null) {
      line += "  (" + duration(t.nanosInFrom()) + " in " + from + ")";
    }
    return line;
  }

  /** {@code 127.0.0.1:6666 -> 127.0.0.1:40000}: the socket column of a change's line. */
  public static String socket(Transition t) {
    return NetstatFormatter.address(t.socket().local())
        + " -> "
        + NetstatFormatter.address(t.socket().remote());
  }

  /** The wall-clock time of a {@code System.nanoTime()} value. */
  private Instant wallClock(long nanos) {
    return Instant.ofEpochSecond(0, wallNanosAtStart + (nanos - monotonicAtStart));
  }

  String name(TcpState state) {
    return state.displayName(names);
  }

  /** {@code 57 µs}, {@code 12.3 ms}, {@code 4.2 s}. */
  public static String duration(long nanos) {
    if (nanos < 1_000_000) {
      return (nanos / 1_000) + " µs";
    }
    if (nanos < 10_000_000_000L) {
      return String.format("%.1f ms", nanos / 1e6);
    }
    return String.format("%.1f s", nanos / 1e9);
  }
}
