package dev.jnc.lab.scenario;

import dev.jnc.core.NcException;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.tcp.TcpAcceptor;
import dev.jnc.core.tcp.TcpConnector;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.Sampler;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.StateRecorder;
import dev.jnc.lab.record.Transition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario's steps against the real kernel with nc-core's sockets, watching the port through
 * a {@link StateRecorder}. Everything the run opens is closed before it returns.
 */
public final class ScenarioRunner {

  /** How long any one wait may take: far above what loopback needs, far below a user's patience. */
  static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);

  /** Pause between polls while waiting for a state: the observer's cost dominates anyway. */
  private static final long POLL_PAUSE_NANOS = 500_000;

  private final Scenario scenario;
  private final InetAddress address;
  private final int port;
  private final StateRecorder recorder;
  private final RunListener listener;

  private final Map<String, TcpAcceptor> listeners = new LinkedHashMap<>();
  private final Map<String, SocketChannel> connections = new LinkedHashMap<>();
  private final Map<String, SocketKey> keys = new HashMap<>();

  public ScenarioRunner(
      Scenario scenario,
      InetAddress address,
      int port,
      StateRecorder recorder,
      RunListener listener) {
    this.scenario = scenario;
    this.address = address;
    this.port = port;
    this.recorder = recorder;
    this.listener = listener;
  }

  public RunResult run() throws LabException {
    String failure = null;
    try (Sampler sampler = new Sampler(recorder, POLL_PAUSE_NANOS).start()) {
      try {
        int number = 0;
        for (Step step : scenario.steps()) {
          listener.step(++number, step);
          failure = execute(step);
          if (failure != null) {
            break;
          }
        }
      } finally {
        closeAll();
      }
      if (sampler.failure() != null) {
        throw new LabException(
            "the "
                + recorder.observerName()
                + " observer failed: "
                + sampler.failure().getMessage(),
            sampler.failure());
      }
    } catch (IOException e) {
      throw new LabException(message(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted");
    }
    List<Transition> own = recorder.transitions().stream().filter(t -> isOwn(t.socket())).toList();
    List<TcpState> observed = observedOnPort(own);
    if (failure == null && !containsInOrder(observed, scenario.expected())) {
      failure = "expected " + scenario.expected() + " on port " + port + " but saw " + observed;
    }
    return new RunResult(scenario, port, observed, own, failure);
  }

  /** Runs one step; returns why the run cannot go on, or {@code null}. */
  private String execute(Step step) throws IOException, InterruptedException, LabException {
    switch (step) {
      case Step.Listen s -> listen(s.listener());
      case Step.Connect s -> {
        TcpAcceptor server = listeners.get(s.listener());
        InetSocketAddress target = server.localAddress();
        TcpConnector connector = new TcpConnector(null, 0, STEP_TIMEOUT, engine(s.client()));
        TcpConnector.Attempt attempt = connector.connect(target);
        if (attempt.channel() == null) {
          return s.client() + " could not connect: " + attempt.failure();
        }
        remember(s.client(), attempt.channel());
      }
      case Step.Accept s -> {
        SocketChannel channel = listeners.get(s.listener()).accept(STEP_TIMEOUT, peer -> true);
        if (channel == null) {
          return s.listener() + " accepted nothing within " + STEP_TIMEOUT.toSeconds() + " s";
        }
        remember(s.connection(), channel);
      }
      case Step.StopListening s -> listeners.remove(s.listener()).close();
      case Step.Close s -> connections.remove(s.endpoint()).close();
      case Step.AwaitEof s -> {
        listener.waiting(s.endpoint() + " to read the peer's FIN", STEP_TIMEOUT);
        if (!readUntilEof(connections.get(s.endpoint()))) {
          return s.endpoint() + " saw no FIN within " + STEP_TIMEOUT.toSeconds() + " s";
        }
      }
      case Step.AwaitState s -> {
        listener.waiting(s.endpoint() + "'s socket in " + s.state(), STEP_TIMEOUT);
        SocketKey key = keys.get(s.endpoint());
        SocketRow row =
            recorder.awaitRow(
                r -> r.state() == s.state() && SocketKey.of(r).equals(key),
                System.nanoTime() + STEP_TIMEOUT.toNanos(),
                POLL_PAUSE_NANOS);
        if (row == null) {
          return s.endpoint() + " (" + key + ") never showed " + s.state();
        }
      }
      case Step.Snapshot s -> {
        List<SocketRow> rows = recorder.poll();
        List<SocketRow> own = rows.stream().filter(r -> isOwn(SocketKey.of(r))).toList();
        listener.snapshot(s.caption(), own, rows.size() - own.size());
      }
    }
    return null;
  }

  private void listen(String name) throws LabException {
    try {
      TcpAcceptor acceptor = TcpAcceptor.bind(address, port, true, 50, engine(name));
      listeners.put(name, acceptor);
      keys.put(name, new SocketKey(acceptor.localAddress(), new InetSocketAddress(0)));
    } catch (NcException e) {
      throw new LabException(
          "cannot listen on "
              + address.getHostAddress()
              + ":"
              + port
              + " ("
              + rootCause(e)
              + "); choose another port with --port");
    }
  }

  private void remember(String name, SocketChannel channel) throws IOException {
    connections.put(name, channel);
    keys.put(
        name,
        new SocketKey(
            (InetSocketAddress) channel.getLocalAddress(),
            (InetSocketAddress) channel.getRemoteAddress()));
  }

  private NcListener engine(String endpoint) {
    return event -> listener.engine(endpoint, event);
  }

  /** A socket is this run's if it is one of the connections it made, or its listener. */
  private boolean isOwn(SocketKey key) {
    for (SocketKey mine : keys.values()) {
      if (mine.equals(key)) {
        return true;
      }
      if (mine.remote().getPort() == 0
          && key.remote().getPort() == 0
          && mine.local().equals(key.local())) {
        return true;
      }
    }
    return false;
  }

  /** The states the port's own end passed through, each once, in order of first sighting. */
  private List<TcpState> observedOnPort(List<Transition> transitions) {
    List<TcpState> states = new ArrayList<>();
    for (Transition t : transitions) {
      if (t.to() != null && t.socket().local().getPort() == port && !states.contains(t.to())) {
        states.add(t.to());
      }
    }
    return states;
  }

  private static boolean containsInOrder(List<TcpState> seen, List<TcpState> wanted) {
    int i = 0;
    for (TcpState state : seen) {
      if (i < wanted.size() && wanted.get(i) == state) {
        i++;
      }
    }
    return i == wanted.size();
  }

  private static boolean readUntilEof(SocketChannel channel) throws IOException {
    channel.configureBlocking(false);
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_READ);
      while (true) {
        buffer.clear();
        if (channel.read(buffer) < 0) {
          return true;
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        selector.select(left);
      }
    } finally {
      channel.configureBlocking(true);
    }
  }

  private void closeAll() {
    for (SocketChannel channel : connections.values()) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing is all that is left to do.
      }
    }
    connections.clear();
    listeners.values().forEach(TcpAcceptor::close);
    listeners.clear();
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
