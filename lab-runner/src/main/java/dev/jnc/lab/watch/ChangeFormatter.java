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
    String from = t.from() == null ? "(new)" : name(t.from());
    String to = t.to() == null ? "gone" : name(t.to());
    String socket =
        NetstatFormatter.address(t.socket().local())
            + " -> "
            + NetstatFormatter.address(t.socket().remote());
    String line = String.format("%s  %-45s %s -> %s", clock(t.nanos()), socket, from, to);
    if (t.from() != null) {
      line += "  (" + duration(t.nanosInFrom()) + " in " + from + ")";
    }
    return line;
  }

  /** The wall-clock time of a {@code System.nanoTime()} value. */
  public String clock(long nanos) {
    long wall = wallNanosAtStart + (nanos - monotonicAtStart);
    return CLOCK.format(Instant.ofEpochSecond(0, wall));
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
