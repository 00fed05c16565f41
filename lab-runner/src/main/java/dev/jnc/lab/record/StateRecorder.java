package dev.jnc.lab.record;

import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.observe.TraceFeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Polls an observer for one port and keeps every state change of every socket on it. All access to
 * the observer goes through here, so a scenario's snapshots and the background sampling never use
 * it at the same time. Where the observer also traces the port ({@link SocketObserver#follow}), the
 * traced transitions and the polled snapshots are merged into one history per socket ({@link
 * HistoryMerger}).
 */
public final class StateRecorder {

  private final SocketObserver observer;
  private final int port;
  private final Map<SocketKey, Seen> current = new HashMap<>();
  private final List<HistoryMerger.Polled> polled = new ArrayList<>();
  private final Optional<TraceFeed> feed;
  private final TracedSockets traced = new TracedSockets();
  private long polls;

  private record Seen(TcpState state, long since) {}

  /**
   * Records {@code port}; starts the observer's trace of it if it has one.
   *
   * @throws UncheckedIOException if the observer cannot trace the port
   */
  public StateRecorder(SocketObserver observer, int port) {
    this.observer = observer;
    this.port = port;
    try {
      this.feed = observer.follow(port);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the " + observer.name() + " observer cannot follow port " + port + ": " + e.getMessage(),
          e);
    }
  }

  public String observerName() {
    return observer.name();
  }

  /** Takes a snapshot now, records what changed, and returns the rows. */
  public synchronized List<SocketRow> poll() throws IOException {
    return record(false);
  }

  /**
   * Takes a {@linkplain SocketObserver#sample sample} now, records what changed, and returns the
   * rows: for polls in quick succession, where a new socket may show a few polls late.
   */
  public synchronized List<SocketRow> sample() throws IOException {
    return record(true);
  }

  private List<SocketRow> record(boolean sample) throws IOException {
    feed.ifPresent(f -> f.drain().forEach(traced::add));
    long askedAt = System.nanoTime();
    List<SocketRow> rows = sample ? observer.sample(port) : observer.snapshot(port);
    long now = System.nanoTime();
    polls++;
    Set<SocketKey> present = new LinkedHashSet<>();
    for (SocketRow row : distinct(rows)) {
      SocketKey key = SocketKey.of(row);
      present.add(key);
      Seen before = current.get(key);
      if (before == null) {
        polled.add(
            new HistoryMerger.Polled(askedAt, new Transition(now, key, null, row.state(), 0)));
        current.put(key, new Seen(row.state(), now));
      } else if (before.state() != row.state()) {
        polled.add(
            new HistoryMerger.Polled(
                askedAt,
                new Transition(now, key, before.state(), row.state(), now - before.since())));
        current.put(key, new Seen(row.state(), now));
      }
    }
    current
        .entrySet()
        .removeIf(
            e -> {
              if (present.contains(e.getKey())) {
                return false;
              }
              polled.add(
                  new HistoryMerger.Polled(
                      askedAt,
                      new Transition(
                          now,
                          e.getKey(),
                          e.getValue().state(),
                          null,
                          now - e.getValue().since())));
              return true;
            });
    return rows;
  }

  /**
   * One row per tuple. A socket whose fd is still open after its connection ended shows as a CLOSED
   * row beside the kernel's TIME_WAIT stand-in for the same tuple; the TIME_WAIT row is the
   * connection's state, so it wins.
   */
  private static List<SocketRow> distinct(List<SocketRow> rows) {
    Map<SocketKey, SocketRow> byKey = new java.util.LinkedHashMap<>();
    for (SocketRow row : rows) {
      byKey.merge(SocketKey.of(row), row, (a, b) -> a.state() == TcpState.CLOSED ? b : a);
    }
    return List.copyOf(byKey.values());
  }

  /** Samples until a row matches or the deadline passes; returns the matching row or null. */
  public SocketRow awaitRow(Predicate<SocketRow> wanted, long deadlineNanos, long pauseNanos)
      throws IOException, InterruptedException {
    while (true) {
      for (SocketRow row : sample()) {
        if (wanted.test(row)) {
          return row;
        }
      }
      if (System.nanoTime() - deadlineNanos >= 0) {
        return null;
      }
      Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
    }
  }

  /**
   * Every state change so far, oldest first. With a trace, waits until the trace has delivered
   * everything that happened before this call, so that the history is whole.
   */
  public List<Transition> transitions() {
    feed.ifPresent(TraceFeed::catchUp);
    synchronized (this) {
      if (feed.isEmpty()) {
        return polled.stream().map(HistoryMerger.Polled::transition).toList();
      }
      feed.get().drain().forEach(traced::add);
      return HistoryMerger.merge(polled, traced.byKey());
    }
  }

  /** True when the observer traces transitions as well as taking snapshots. */
  public boolean traced() {
    return feed.isPresent();
  }

  public synchronized long polls() {
    return polls;
  }
}
