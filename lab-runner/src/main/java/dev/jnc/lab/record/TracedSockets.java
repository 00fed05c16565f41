package dev.jnc.lab.record;

import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.observe.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traced events grouped into socket lifetimes by the kernel's socket address, so that events logged
 * before the socket had a port (a connect enters SYN_SENT with source port 0) are put under the
 * 4-tuple that its later events show. A lifetime begins when a socket leaves CLOSED or a listener's
 * child is born; the kernel reuses a freed socket's address for the next one.
 */
final class TracedSockets {

  private static final class Lifetime {
    SocketKey key;
    final List<TraceEvent> events = new ArrayList<>();
  }

  private final Map<Long, Lifetime> bySocket = new HashMap<>();
  private final List<Lifetime> lifetimes = new ArrayList<>();

  void add(TraceEvent event) {
    boolean born =
        event.from() == TcpState.CLOSED
            || (event.from() == TcpState.LISTEN && event.to() == TcpState.SYN_RECEIVED);
    Lifetime lifetime = bySocket.get(event.skaddr());
    if (lifetime == null || born) {
      lifetime = new Lifetime();
      bySocket.put(event.skaddr(), lifetime);
      lifetimes.add(lifetime);
    }
    lifetime.events.add(event);
    if (lifetime.key == null && event.tupleKnown()) {
      lifetime.key = new SocketKey(event.local(), event.remote());
    }
  }

  /**
   * The events of every socket whose tuple is known, by tuple, oldest first; a tuple used again (a
   * listener reopened, TIME_WAIT reused) collects the events of every socket that had it.
   */
  Map<SocketKey, List<TraceEvent>> byKey() {
    Map<SocketKey, List<TraceEvent>> result = new LinkedHashMap<>();
    for (Lifetime lifetime : lifetimes) {
      if (lifetime.key != null) {
        result.computeIfAbsent(lifetime.key, k -> new ArrayList<>()).addAll(lifetime.events);
      }
    }
    result
        .values()
        .forEach(events -> events.sort(java.util.Comparator.comparingLong(TraceEvent::nanos)));
    return result;
  }
}
