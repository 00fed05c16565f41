package dev.jnc.core.testing;

import static org.awaitility.Awaitility.await;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.Direction;
import dev.jnc.core.event.NcListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the events of one engine run, for assertions on the whole sequence. Get one as a test
 * parameter from {@link EngineCheck}, which checks the pairing rules after the test.
 */
public final class EventLog implements NcListener {

  private static final Duration EVENT_BOUND = Duration.ofSeconds(10);

  private final List<NcEvent> events = new ArrayList<>();

  @Override
  public synchronized void onEvent(NcEvent event) {
    events.add(event);
  }

  public synchronized List<NcEvent> events() {
    return List.copyOf(events);
  }

  /**
   * The event types without the {@link NcEvent.BytesIn}/{@link NcEvent.BytesOut} counts, whose
   * number depends on how the kernel split the stream.
   */
  public List<Class<? extends NcEvent>> lifecycle() {
    return events().stream()
        .filter(e -> !(e instanceof NcEvent.BytesIn || e instanceof NcEvent.BytesOut))
        .<Class<? extends NcEvent>>map(NcEvent::getClass)
        .toList();
  }

  /** The directions of the half-closes, in order. */
  public List<Direction> halfCloses() {
    return all(NcEvent.HalfClosed.class).stream().map(NcEvent.HalfClosed::direction).toList();
  }

  public <T extends NcEvent> List<T> all(Class<T> type) {
    return events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The one event of this type; fails if there is none or more than one. */
  public <T extends NcEvent> T only(Class<T> type) {
    List<T> matches = all(type);
    if (matches.size() != 1) {
      throw new AssertionError(
          "expected one " + type.getSimpleName() + " but the events were " + events());
    }
    return matches.getFirst();
  }

  /** Waits, with a bound, for the first event of this type. */
  public <T extends NcEvent> T awaitFirst(Class<T> type) {
    return await("a " + type.getSimpleName() + " event")
        .atMost(EVENT_BOUND)
        .until(() -> all(type).stream().findFirst().orElse(null), e -> e != null);
  }

  /**
   * Events that break {@link NcEvent}'s pairing rules: a {@code Connecting} not followed by its
   * outcome, a {@code Listening} never closed, a connection never {@code Closed}.
   */
  List<String> unpairedEvents() {
    List<String> problems = new ArrayList<>();
    int listening = 0;
    int connections = 0;
    boolean connecting = false;
    for (NcEvent event : events()) {
      switch (event) {
        case NcEvent.Connecting e -> {
          if (connecting) {
            problems.add("Connecting without an outcome before " + e);
          }
          connecting = true;
        }
        case NcEvent.Connected e -> {
          connecting = false;
          connections++;
        }
        case NcEvent.ConnectFailed e -> connecting = false;
        case NcEvent.Accepted e -> connections++;
        case NcEvent.Closed e -> connections--;
        case NcEvent.Listening e -> listening++;
        case NcEvent.ListenClosed e -> listening--;
        default -> {}
      }
      if (connections < 0 || listening < 0) {
        problems.add("a close without its open: " + event);
        connections = Math.max(0, connections);
        listening = Math.max(0, listening);
      }
    }
    if (connecting) {
      problems.add("Connecting without Connected or ConnectFailed");
    }
    if (connections > 0) {
      problems.add(connections + " connection(s) without Closed");
    }
    if (listening > 0) {
      problems.add(listening + " Listening without ListenClosed");
    }
    return problems;
  }
}
