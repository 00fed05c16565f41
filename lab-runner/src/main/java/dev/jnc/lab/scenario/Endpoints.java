package dev.jnc.lab.scenario;

import dev.jnc.core.tcp.TcpAcceptor;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.Transition;
import dev.jnc.lab.scenario.Step.Side;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sockets a run made, by endpoint name, and the 4-tuple each had; the tuple outlives the socket
 * so that TIME_WAIT can still be found after {@code close()}. Thread-safe: a shutdown hook may
 * abort everything while the run is in the middle of a step.
 */
final class Endpoints implements AutoCloseable {

  private final Map<String, TcpAcceptor> listeners = new LinkedHashMap<>();
  private final Map<String, SocketChannel> sockets = new LinkedHashMap<>();
  private final Map<String, SocketKey> keys = new LinkedHashMap<>();

  /**
   * The local address of each listener this run closed, and when: a listener that appears there
   * afterwards is another program's, though its tuple is the same.
   */
  private final Map<InetSocketAddress, Long> closedListeners = new LinkedHashMap<>();

  private boolean aborted;

  synchronized void addListener(String name, TcpAcceptor acceptor) {
    if (aborted) {
      acceptor.close();
      return;
    }
    listeners.put(name, acceptor);
    keys.put(name, new SocketKey(acceptor.localAddress(), new InetSocketAddress(0)));
  }

  synchronized void addSocket(String name, SocketChannel channel, SocketKey key) {
    if (aborted) {
      abort(channel);
      return;
    }
    sockets.put(name, channel);
    keys.put(name, key);
  }

  synchronized TcpAcceptor listener(String name) {
    TcpAcceptor acceptor = listeners.get(name);
    if (acceptor == null) {
      throw new IllegalStateException("scenario bug: no listener named " + name);
    }
    return acceptor;
  }

  synchronized SocketChannel socket(String name) {
    SocketChannel channel = sockets.get(name);
    if (channel == null) {
      throw new IllegalStateException("scenario bug: no open socket named " + name);
    }
    return channel;
  }

  /** Takes the listener out before the caller closes it; from now its address is not ours. */
  synchronized TcpAcceptor removeListener(String name) {
    TcpAcceptor acceptor = listener(name);
    listeners.remove(name);
    closedListeners.put(acceptor.localAddress(), System.nanoTime());
    return acceptor;
  }

  synchronized SocketChannel removeSocket(String name) {
    SocketChannel channel = socket(name);
    sockets.remove(name);
    return channel;
  }

  /**
   * The tuples an endpoint pattern names: {@code client} names one endpoint, {@code pending*} every
   * endpoint whose name starts with {@code pending}.
   */
  synchronized List<SocketKey> keys(String pattern, Side side) {
    List<SocketKey> found = new ArrayList<>();
    keys.forEach(
        (name, key) -> {
          boolean match =
              pattern.endsWith("*")
                  ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                  : name.equals(pattern);
          if (match) {
            found.add(side == Side.OWN ? key : new SocketKey(key.remote(), key.local()));
          }
        });
    if (found.isEmpty()) {
      throw new IllegalStateException("scenario bug: no endpoint matches " + pattern);
    }
    return found;
  }

  /** Endpoint names and their tuples, in the order they were made. */
  synchronized Map<String, SocketKey> all() {
    return Map.copyOf(keys);
  }

  /** The endpoint a tuple belongs to, seen from either side, or {@code null}. */
  synchronized String nameOf(SocketKey key) {
    for (Map.Entry<String, SocketKey> e : keys.entrySet()) {
      SocketKey mine = e.getValue();
      if (mine.equals(key)) {
        return e.getKey();
      }
      if (mine.remote().getPort() == 0
          && key.remote().getPort() == 0
          && mine.local().equals(key.local())) {
        return e.getKey();
      }
    }
    return null;
  }

  /**
   * Whether {@code peer} is the address of one of this run's sockets: a connection from another
   * program to a scenario's port (a student's client, a retry loop) is not the scenario's.
   */
  synchronized boolean isOwnSocket(InetSocketAddress peer) {
    return keys.values().stream().anyMatch(key -> key.local().equals(peer));
  }

  /**
   * This run's part of {@code transitions} (in time order): those of its sockets, less what
   * happened on a closed listener's address after another program listened there.
   */
  synchronized List<Transition> own(List<Transition> transitions) {
    List<Transition> own = new ArrayList<>();
    Set<InetSocketAddress> takenOver = new HashSet<>();
    for (Transition t : transitions) {
      if (!owns(t.socket())) {
        continue;
      }
      InetSocketAddress local = t.socket().local();
      if (isListenerKey(t.socket()) && closedListeners.containsKey(local)) {
        if (t.from() == null && t.nanos() - closedListeners.get(local) > 0) {
          takenOver.add(local);
        }
        if (takenOver.contains(local)) {
          continue;
        }
      }
      own.add(t);
    }
    return own;
  }

  /** Whether a row now shows one of this run's sockets: not a listener where ours was closed. */
  synchronized boolean ownsNow(SocketKey key) {
    return owns(key) && !(isListenerKey(key) && closedListeners.containsKey(key.local()));
  }

  private static boolean isListenerKey(SocketKey key) {
    return key.remote().getPort() == 0;
  }

  /** True for this run's sockets and for the server-side sockets of its clients. */
  synchronized boolean owns(SocketKey key) {
    if (nameOf(key) != null) {
      return true;
    }
    return nameOf(new SocketKey(key.remote(), key.local())) != null;
  }

  /**
   * Aborts whatever is still open (RST, so no TIME_WAIT is left behind by the cleanup itself) and
   * closes the listeners.
   */
  @Override
  public synchronized void close() {
    sockets.values().forEach(Endpoints::abort);
    sockets.clear();
    listeners.values().forEach(TcpAcceptor::close);
    listeners.clear();
  }

  /**
   * Closes everything as {@link #close()} does, and every socket the run adds from now on at once:
   * the run is being stopped from another thread (Ctrl-C) and may still be in a step.
   */
  synchronized void abortAll() {
    aborted = true;
    close();
  }

  private static void abort(SocketChannel channel) {
    try {
      if (channel.isOpen()) {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
    } catch (IOException | UnsupportedOperationException ignored) {
      // A socket that cannot take the option is closed plainly below.
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing is all that is left to do.
    }
  }
}
