package dev.jnc.lab.scenario;

import dev.jnc.core.NcException;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.net.SocketDescriptor;
import dev.jnc.core.options.NcOptions.IpVersion;
import dev.jnc.core.tcp.TcpAcceptor;
import dev.jnc.core.tcp.TcpConnector;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.Sampler;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.StateRecorder;
import dev.jnc.lab.record.Transition;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a scenario's steps against the real kernel with nc-core's sockets, watching the port through
 * a {@link StateRecorder}. Everything the run opens is closed before it returns.
 */
public final class ScenarioRunner {

  /** How long any one wait may take: far above what loopback needs, far below a user's patience. */
  static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);

  /** Pause between polls while waiting for a state: the observer's cost dominates anyway. */
  private static final long POLL_PAUSE_NANOS = 200_000;

  /** Consecutive writes that must take nothing before a send queue counts as full. */
  private static final int FULL_AFTER_ZERO_WRITES = 5;

  private static final int IPPROTO_TCP = 6;
  private static final int TCP_DEFER_ACCEPT = 9;
  private static final int DEFER_ACCEPT_SECONDS = 60;

  private final Scenario scenario;
  private final InetAddress address;
  private final int port;
  private final StateRecorder recorder;
  private final RunListener listener;
  private final Endpoints endpoints = new Endpoints();
  private volatile boolean aborted;

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

  /**
   * Aborts every socket of the run (RST, so nothing lingers in TIME_WAIT or FIN_WAIT) and closes
   * its listeners, from any thread: for a shutdown hook when the user stops {@code lab} mid-run.
   */
  public void abort() {
    aborted = true;
    endpoints.abortAll();
  }

  public RunResult run() throws LabException {
    String failure = null;
    try (Sampler sampler = new Sampler(recorder, POLL_PAUSE_NANOS).start()) {
      try (endpoints) {
        int number = 0;
        for (Step step : scenario.steps()) {
          if (aborted) {
            break;
          }
          listener.step(++number, step);
          if (aborted) {
            break;
          }
          try {
            failure = execute(step);
          } catch (RuntimeException | IOException e) {
            if (aborted) {
              break; // the abort closed the step's sockets; the failure is not the scenario's
            }
            throw e;
          }
          if (failure != null) {
            break;
          }
        }
      }
      recorder.poll();
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
    if (aborted) {
      throw new LabException("stopped");
    }
    List<Transition> own = endpoints.own(recorder.transitions());
    if (failure == null) {
      failure = checkExpectations(own);
    }
    return new RunResult(scenario, port, firstSightings(own), own, endpoints.all(), failure);
  }

  /** Runs one step; returns why the run cannot go on, or {@code null}. */
  private String execute(Step step) throws IOException, InterruptedException, LabException {
    switch (step) {
      case Step.Listen s -> listen(s);
      case Step.DeferAccept s -> {
        return deferAccept(s);
      }
      case Step.Bind s -> {
        SocketChannel channel = SocketChannel.open(family());
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        bindOrExplain(channel, new InetSocketAddress(address, port));
        endpoints.addSocket(
            s.endpoint(),
            channel,
            new SocketKey((InetSocketAddress) channel.getLocalAddress(), new InetSocketAddress(0)));
      }
      case Step.Connect s -> {
        return connect(s);
      }
      case Step.StartConnect s -> {
        SocketChannel channel = SocketChannel.open(family());
        // Bound first, so the tuple is known before the handshake completes.
        channel.bind(new InetSocketAddress(address, 0));
        channel.configureBlocking(false);
        InetSocketAddress target = endpoints.listener(s.listener()).localAddress();
        channel.connect(target);
        endpoints.addSocket(
            s.client(),
            channel,
            new SocketKey((InetSocketAddress) channel.getLocalAddress(), target));
      }
      case Step.SelfConnect s -> {
        InetSocketAddress self = freshSelfTuple();
        if (!self.getAddress().equals(address)) {
          listener.note(
              address.getHostAddress()
                  + ":"
                  + port
                  + " still holds an earlier run's connection to itself (TIME_WAIT); this run"
                  + " uses "
                  + self.getAddress().getHostAddress());
        }
        SocketChannel channel = SocketChannel.open(family());
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        bindOrExplain(channel, self);
        channel.connect(self);
        endpoints.addSocket(s.endpoint(), channel, new SocketKey(self, self));
      }
      case Step.Accept s -> {
        // Another program's connection to the port is reset and told, not taken for the client's.
        SocketChannel channel =
            endpoints.listener(s.listener()).accept(STEP_TIMEOUT, endpoints::isOwnSocket);
        if (channel == null) {
          return s.listener() + " accepted nothing within " + STEP_TIMEOUT.toSeconds() + " s";
        }
        endpoints.addSocket(s.connection(), channel, keyOf(channel));
      }
      case Step.FillSendQueue s -> {
        long bytes = fillSendQueue(endpoints.socket(s.endpoint()));
        listener.note(s.endpoint() + " queued " + bytes + " bytes the peer has not read");
      }
      case Step.Send s -> {
        ByteBuffer data = ByteBuffer.allocate(s.bytes());
        SocketChannel channel = endpoints.socket(s.endpoint());
        channel.configureBlocking(true);
        while (data.hasRemaining()) {
          channel.write(data);
        }
      }
      case Step.Receive s -> {
        if (!read(endpoints.socket(s.endpoint()), s.bytes())) {
          return s.endpoint() + " did not receive " + s.bytes() + " bytes";
        }
      }
      case Step.ReadToEnd s -> {
        listener.waiting(s.endpoint() + " to read the peer's FIN", STEP_TIMEOUT);
        if (!read(endpoints.socket(s.endpoint()), -1)) {
          return s.endpoint() + " saw no FIN within " + STEP_TIMEOUT.toSeconds() + " s";
        }
      }
      case Step.SlowLoopback s -> {
        return PrivateNetwork.slowLoopback(s.bitsPerSecond(), s.burstBytes());
      }
      case Step.ShutdownOutput s -> endpoints.socket(s.endpoint()).shutdownOutput();
      case Step.StopListening s -> endpoints.removeListener(s.listener()).close();
      case Step.Close s -> endpoints.removeSocket(s.endpoint()).close();
      case Step.Abort s -> {
        SocketChannel channel = endpoints.removeSocket(s.endpoint());
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        channel.close();
      }
      case Step.AwaitState s -> {
        listener.waiting(s.describe().substring("wait for ".length()), STEP_TIMEOUT);
        List<SocketKey> wanted = endpoints.keys(s.endpoint(), s.side());
        SocketRow row =
            recorder.awaitRow(
                r -> r.state() == s.state() && wanted.contains(SocketKey.of(r)),
                System.nanoTime() + STEP_TIMEOUT.toNanos(),
                POLL_PAUSE_NANOS);
        if (row == null) {
          // Where it is instead: a socket the kernel holds in CLOSING is a different story from
          // one that is gone.
          String instead =
              recorder.sample().stream()
                  .filter(r -> wanted.contains(SocketKey.of(r)))
                  .map(r -> " (still " + r.state() + " after " + STEP_TIMEOUT.toSeconds() + " s)")
                  .findFirst()
                  .orElse("");
          return s.endpoint() + " " + wanted + " never showed " + s.state() + instead;
        }
      }
      case Step.AwaitGone s -> {
        listener.waiting(s.endpoint() + "'s socket to leave the table", STEP_TIMEOUT);
        List<SocketKey> wanted = endpoints.keys(s.endpoint(), Step.Side.OWN);
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (recorder.sample().stream().anyMatch(r -> wanted.contains(SocketKey.of(r)))) {
          if (System.nanoTime() - deadline >= 0) {
            return s.endpoint() + " " + wanted + " stayed in the table";
          }
          Thread.sleep(0, (int) POLL_PAUSE_NANOS);
        }
      }
      case Step.Snapshot s -> {
        List<SocketRow> rows = recorder.poll();
        List<SocketRow> own =
            rows.stream().filter(r -> endpoints.ownsNow(SocketKey.of(r))).toList();
        listener.snapshot(s.caption(), own, rows.size() - own.size());
      }
    }
    return null;
  }

  /**
   * The address a socket connected to itself should use. Its tuple is the same in every run, and
   * the last run's may still be in TIME_WAIT: the kernel would take that over, and the observer
   * would report the old connection's states as this run's. Every 127/8 address is loopback on
   * Linux, so another one gives a tuple of its own.
   */
  private InetSocketAddress freshSelfTuple() throws IOException {
    Set<SocketKey> taken = new HashSet<>();
    recorder.poll().forEach(row -> taken.add(SocketKey.of(row)));
    InetSocketAddress self = new InetSocketAddress(address, port);
    if (!(address instanceof Inet4Address) || !address.isLoopbackAddress()) {
      return self;
    }
    byte[] raw = address.getAddress();
    for (int tries = 0; tries < 254 && taken.contains(new SocketKey(self, self)); tries++) {
      raw[3] = (byte) ((raw[3] & 0xff) % 254 + 1);
      self = new InetSocketAddress(InetAddress.getByAddress(raw), port);
    }
    return self;
  }

  private void listen(Step.Listen s) throws LabException {
    try {
      endpoints.addListener(
          s.listener(),
          TcpAcceptor.bind(
              address, port, IpVersion.ANY, s.backlog(), s.receiveBuffer(), engine(s.listener())));
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

  /** A busy port says which and what to do, as a listener's does ({@link #listen}). */
  private static void bindOrExplain(SocketChannel channel, InetSocketAddress where)
      throws IOException, LabException {
    try {
      channel.bind(where);
    } catch (BindException e) {
      channel.close();
      throw new LabException(
          "cannot bind "
              + where.getAddress().getHostAddress()
              + ":"
              + where.getPort()
              + " ("
              + message(e)
              + "); choose another port with --port");
    }
  }

  private String deferAccept(Step.DeferAccept s) throws IOException {
    Optional<SocketDescriptor> descriptor = endpoints.listener(s.listener()).descriptor();
    if (descriptor.isEmpty()) {
      return "holding SYN_RCVD needs Linux's TCP_DEFER_ACCEPT and native access for lab";
    }
    // Seconds the kernel waits for data; far longer than the step that waits for SYN_RCVD.
    descriptor.get().setIntOption(IPPROTO_TCP, TCP_DEFER_ACCEPT, DEFER_ACCEPT_SECONDS);
    return null;
  }

  private String connect(Step.Connect s) throws IOException {
    InetSocketAddress target = endpoints.listener(s.listener()).localAddress();
    if (s.receiveBuffer() == 0) {
      TcpConnector connector = new TcpConnector(null, 0, STEP_TIMEOUT, engine(s.client()));
      TcpConnector.Attempt attempt = connector.connect(target);
      if (attempt.channel() == null) {
        return s.client() + " could not connect: " + attempt.failure();
      }
      endpoints.addSocket(s.client(), attempt.channel(), keyOf(attempt.channel()));
      return null;
    }
    // SO_RCVBUF must be set before the SYN so that the window scale matches it.
    SocketChannel channel = SocketChannel.open(family());
    channel.setOption(StandardSocketOptions.SO_RCVBUF, s.receiveBuffer());
    channel.connect(target);
    SocketKey key = keyOf(channel);
    endpoints.addSocket(s.client(), channel, key);
    // As the engine's connector would report it, so that every scenario says who connected.
    engine(s.client()).onEvent(new NcEvent.Connected(System.nanoTime(), key.local(), key.remote()));
    return null;
  }

  private StandardProtocolFamily family() {
    return address instanceof java.net.Inet6Address
        ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }

  private static SocketKey keyOf(SocketChannel channel) throws IOException {
    return new SocketKey(
        (InetSocketAddress) channel.getLocalAddress(),
        (InetSocketAddress) channel.getRemoteAddress());
  }

  private NcListener engine(String endpoint) {
    return event -> listener.engine(endpoint, event);
  }

  /** Writes until the kernel has taken all it will: the peer's window and our buffer are full. */
  private static long fillSendQueue(SocketChannel channel)
      throws IOException, InterruptedException {
    channel.configureBlocking(false);
    ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
    long total = 0;
    int zeros = 0;
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (zeros < FULL_AFTER_ZERO_WRITES && System.nanoTime() - deadline < 0) {
      chunk.clear();
      int n = channel.write(chunk);
      if (n == 0) {
        zeros++;
        // Give loopback's softirq a moment to move what it can, so "full" really is full.
        Thread.sleep(10);
      } else {
        zeros = 0;
        total += n;
      }
    }
    channel.configureBlocking(true);
    return total;
  }

  /**
   * Reads {@code bytes} bytes, or everything up to the peer's FIN when {@code bytes} is negative.
   *
   * @return false if that did not happen within {@link #STEP_TIMEOUT}
   */
  private static boolean read(SocketChannel channel, long bytes) throws IOException {
    channel.configureBlocking(false);
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    long left = bytes;
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_READ);
      while (true) {
        buffer.clear();
        if (bytes >= 0) {
          buffer.limit((int) Math.min(buffer.capacity(), left));
        }
        int n = channel.read(buffer);
        if (n < 0) {
          return bytes < 0;
        }
        left -= n;
        if (bytes >= 0 && left == 0) {
          return true;
        }
        long wait = (deadline - System.nanoTime()) / 1_000_000;
        if (wait <= 0) {
          return false;
        }
        if (n == 0) {
          selector.select(wait);
        }
      }
    } finally {
      channel.configureBlocking(true);
    }
  }

  /** Every expectation holds, or the first that does not, said plainly. */
  private String checkExpectations(List<Transition> transitions) {
    for (Expectation expectation : scenario.expected()) {
      List<SocketKey> keys = endpoints.keys(expectation.endpoint(), expectation.side());
      List<TcpState> seen = new ArrayList<>();
      boolean met = false;
      for (SocketKey key : keys) {
        List<TcpState> history = history(transitions, key);
        seen.addAll(history);
        met |= containsInOrder(history, expectation.states());
      }
      if (!met) {
        return "expected " + expectation + " but saw " + seen;
      }
    }
    for (Transition t : transitions) {
      if (t.to() != null && scenario.forbidden().contains(t.to())) {
        return t.socket() + " went to " + t.to() + ", which " + scenario.name() + " must avoid";
      }
    }
    return null;
  }

  /** The states a socket went through; leaving the table counts as CLOSED. */
  private static List<TcpState> history(List<Transition> transitions, SocketKey key) {
    List<TcpState> states = new ArrayList<>();
    for (Transition t : transitions) {
      if (t.socket().equals(key)) {
        states.add(t.to() == null ? TcpState.CLOSED : t.to());
      }
    }
    return states;
  }

  /** The states the run's sockets were seen in, each once, in order of first sighting. */
  private static List<TcpState> firstSightings(List<Transition> transitions) {
    List<TcpState> states = new ArrayList<>();
    for (Transition t : transitions) {
      if (t.to() != null && !states.contains(t.to())) {
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
