package dev.jnc.lab.observe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tracepoint and a poller together. The tracepoint reports every transition with the kernel's
 * timestamp, even those that last microseconds, but never TIME_WAIT (the stand-in socket that
 * replaces a closed one is not traced) nor the request sockets of a held SYN_RECEIVED; snapshots
 * come from the poller, which sees both. {@link dev.jnc.lab.record.StateRecorder} merges the two.
 */
public final class TraceObserver implements SocketObserver {

  private final SocketObserver poller;
  private final List<PortFeed> feeds = new CopyOnWriteArrayList<>();
  private final TraceSession session;

  private TraceObserver(SocketObserver poller, TraceSession session) {
    this.poller = poller;
    this.session = session;
    session.deliverTo(this::deliver);
  }

  /**
   * Observes with {@code session}, a private trace session ({@link TraceSession#start}, or started
   * ahead by {@link TraceSession#startInBackground}); {@code poller} takes the snapshots, and both
   * are closed with us.
   */
  static TraceObserver open(SocketObserver poller, TraceSession session) {
    return new TraceObserver(poller, session);
  }

  @Override
  public String name() {
    return "trace";
  }

  /** The tracefs instance this observer made; gone once it is closed. */
  public java.nio.file.Path instance() {
    return session.instance();
  }

  /** The poller that takes the snapshots. */
  public String pollerName() {
    return poller.name();
  }

  @Override
  public List<SocketRow> snapshot(int port) throws IOException {
    IOException failure = session.failure();
    if (failure != null) {
      throw new IOException("reading the trace failed: " + failure.getMessage(), failure);
    }
    return poller.snapshot(port);
  }

  @Override
  public Optional<String> whyNoBoundSockets() {
    // The tracepoint reports changes only; a bound socket makes none, so the poller must list it.
    return poller.whyNoBoundSockets();
  }

  @Override
  public Optional<TraceFeed> follow(int port) throws IOException {
    PortFeed feed = new PortFeed(port);
    feeds.add(feed);
    session.follow(port);
    return Optional.of(feed);
  }

  private void deliver(TraceEvent event) {
    for (PortFeed feed : feeds) {
      if (event.involves(feed.port)) {
        feed.events.add(event);
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      session.close();
    } finally {
      poller.close();
    }
  }

  private final class PortFeed implements TraceFeed {
    private final int port;
    private final ConcurrentLinkedQueue<TraceEvent> events = new ConcurrentLinkedQueue<>();

    PortFeed(int port) {
      this.port = port;
    }

    @Override
    public List<TraceEvent> drain() {
      List<TraceEvent> drained = new ArrayList<>();
      TraceEvent event;
      while ((event = events.poll()) != null) {
        drained.add(event);
      }
      return drained;
    }

    @Override
    public void catchUp() {
      session.catchUp();
    }
  }
}
