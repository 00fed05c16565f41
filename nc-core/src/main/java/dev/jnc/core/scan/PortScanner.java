package dev.jnc.core.scan;

import dev.jnc.core.NcException;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.CloseReason;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.io.DescriptorHeadroom;
import dev.jnc.core.net.AddressFamily;
import dev.jnc.core.net.AddressText;
import dev.jnc.core.net.RandomLocalPort;
import dev.jnc.core.options.NcOptions.Protocol;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * The {@code -z} scan: probes ports without sending data, several at once on one {@link Selector}
 * (at most {@link Settings#maxInFlight} in flight), and reports them in the order they were asked
 * for, whatever order the answers come in. With {@code -i}, or a fixed local port, probes run one
 * after another.
 *
 * <p>Each port yields {@link NcEvent.Connecting} and then either {@link NcEvent.Connected} with a
 * {@link NcEvent.Closed} of no bytes, or {@link NcEvent.ConnectFailed}; the stamps are those of the
 * probe itself, not of the report.
 */
public final class PortScanner {

  /** Enough to scan a thousand loopback ports in a blink, few enough for any descriptor limit. */
  public static final int DEFAULT_IN_FLIGHT = 100;

  /**
   * Descriptors a scan leaves free for the JVM's own lazy loads (a native library, a jar) and the
   * report's name lookups (two or three files each): filled to the last, under {@code ulimit -n
   * 16}, the warm-up thread failed to load libzip and a UDP scan named its host (UNKNOWN).
   */
  private static final int SPARE_DESCRIPTORS = 8;

  /** How long a UDP probe waits for an ICMP error when {@code -w} is not given. */
  public static final Duration DEFAULT_UDP_WAIT = Duration.ofSeconds(1);

  /**
   * Linux answers a host with ICMP errors from a bucket of tokens per host it answers: 6 at once,
   * then one a second ({@code net.ipv4.icmp_ratelimit}, 1000 ms; IPv6 alike), none counted for
   * itself. A UDP probe that gets no answer counts as open, so probes beyond the bucket called
   * closed ports open: 4 of 10, then 9 of 10 a second later, 24 of 30 (a host across a veth pair).
   * To another host, UDP probes go one at a time and a second apart, as nc 1.10 paces them: one
   * bucket serves all of that host's addresses, and a scan just before ours may have emptied it.
   */
  static final Duration ICMP_SPACING = Duration.ofSeconds(1);

  /** When this scan's last paced UDP probe went out; 0 before the first. */
  private long lastPacedProbe;

  /**
   * @param protocol TCP connect probes or UDP {@code \0} probes
   * @param localAddress {@code -s}, or {@code null}
   * @param localPort {@code -p}, or 0
   * @param randomLocalPort {@code -r}: a random local port per probe, or {@code null}
   * @param timeout {@code -w}: the longest a probe may take; {@code null} leaves TCP to the kernel
   * @param interval {@code -i}: pause between probes, which then run one at a time
   * @param maxInFlight probes under way at once
   */
  public record Settings(
      Protocol protocol,
      InetAddress localAddress,
      int localPort,
      RandomLocalPort randomLocalPort,
      Duration timeout,
      Duration interval,
      int maxInFlight) {

    /** One probe at a time when they must be spaced out or share one local port. */
    int window() {
      return interval != null || localPort != 0 ? 1 : Math.max(1, maxInFlight);
    }

    Duration probeWait() {
      return timeout == null && protocol == Protocol.UDP ? DEFAULT_UDP_WAIT : timeout;
    }
  }

  /**
   * Fewer ports go to the selector scanner: linking the native calls costs some 30 ms of start-up,
   * which a scan of a few hundred loopback ports repays. The whole run, 25 interleaved rounds each:
   * 512 ports 89.6 ms with the native scan against 100.3 ms with the selector scanner, 256 ports
   * 91.4 against 95.4 ms, 64 ports 90.8 against 72.4 ms.
   */
  static final int NATIVE_SCAN_MIN_PORTS = 512;

  private final Settings settings;
  private final NcListener listener;

  public PortScanner(Settings settings, NcListener listener) {
    this.settings = settings;
    this.listener = listener;
  }

  /**
   * Probes {@code ports} on each of a host's {@code addresses} until one answers, as nc.openbsd and
   * ncat try every address of a name: {@code localhost} with a service on ::1 alone was closed for
   * a scan that asked 127.0.0.1 only. With several addresses a port is told once every address had
   * its say: open on the first address that took it, or else as the last one answered. Ports go a
   * batch at a time, so that the lines come as the scan goes (a scan that told them all at its end
   * printed nothing before a Ctrl-C); with {@code -i} a batch is one port, told before the pause.
   *
   * @return one outcome per port, in the same order
   * @throws IOException for local faults only (the local port is in use, no more descriptors)
   */
  public List<ProbeOutcome> scan(List<InetAddress> addresses, int[] ports) throws IOException {
    if (addresses.size() == 1) {
      return scan(addresses.getFirst(), ports);
    }
    PortScanner untold = new PortScanner(settings, NcListener.NONE);
    int batch = settings.interval() != null ? 1 : NATIVE_SCAN_MIN_PORTS;
    ProbeOutcome[] results = new ProbeOutcome[ports.length];
    for (int from = 0; from < ports.length; from += batch) {
      if (from > 0 && settings.interval() != null) {
        pause(settings.interval());
      }
      List<Integer> unanswered =
          IntStream.range(from, Math.min(ports.length, from + batch)).boxed().toList();
      for (InetAddress address : addresses) {
        int[] asked = unanswered.stream().mapToInt(i -> ports[i]).toArray();
        List<ProbeOutcome> outcomes = untold.scan(address, asked);
        List<Integer> stillClosed = new ArrayList<>();
        for (int i = 0; i < asked.length; i++) {
          results[unanswered.get(i)] = outcomes.get(i);
          if (!outcomes.get(i).open()) {
            stillClosed.add(unanswered.get(i));
          }
        }
        unanswered = stillClosed;
        if (unanswered.isEmpty()) {
          break;
        }
      }
      report(results, from);
    }
    return Arrays.asList(results);
  }

  /**
   * Probes {@code ports} of {@code address} in that order.
   *
   * @return one outcome per port, in the same order
   * @throws IOException for local faults only (the local port is in use, no more descriptors)
   */
  public List<ProbeOutcome> scan(InetAddress address, int[] ports) throws IOException {
    ProbeOutcome[] results =
        nativeLoopbackScan(address, ports.length)
            ? LoopbackConnectScan.available().orElseThrow().scan(address, ports)
            : new ProbeOutcome[ports.length];
    Map<Probe, Pending> pending = new HashMap<>();
    boolean icmpPaced = settings.protocol() == Protocol.UDP && !isOurs(address);
    // No more in flight than there are ports: a probe of one reads nothing of /proc.
    int window = icmpPaced ? 1 : withinDescriptorLimit(Math.min(settings.window(), ports.length));
    Duration wait = settings.probeWait();
    int next = 0;
    int reported = 0;
    try (Selector selector = Selector.open()) {
      while (reported < ports.length) {
        while (pending.size() < window && next < ports.length) {
          if (next > 0 && settings.interval() != null) {
            // What the last probe found is told before the pause, not one interval late.
            reported = report(results, reported);
            pause(settings.interval());
          }
          int index = next++;
          if (results[index] != null) {
            continue;
          }
          if (icmpPaced) {
            long left = lastPacedProbe + ICMP_SPACING.toNanos() - System.nanoTime();
            if (lastPacedProbe != 0 && left > 0) {
              reported = report(results, reported);
              pause(Duration.ofNanos(left));
            }
            lastPacedProbe = System.nanoTime();
          }
          Started started = probe(new InetSocketAddress(address, ports[index]), selector);
          if (started.outcome() != null) {
            results[index] = started.outcome();
            started.probe().close();
          } else {
            long deadline = wait == null ? 0 : System.nanoTime() + wait.toNanos();
            pending.put(started.probe(), new Pending(index, deadline));
          }
        }
        reported = report(results, reported);
        if (reported == ports.length || pending.isEmpty()) {
          continue;
        }
        long waitMillis = millisToNearest(pending);
        if (waitMillis < 0) {
          selector.select();
        } else {
          selector.select(Math.max(1, waitMillis));
        }
        for (SelectionKey key : new ArrayList<>(selector.selectedKeys())) {
          Probe probe = (Probe) key.attachment();
          ProbeOutcome outcome = probe.onReady();
          if (outcome != null) {
            finish(probe, outcome, pending, results);
          }
        }
        selector.selectedKeys().clear();
        long now = System.nanoTime();
        for (Map.Entry<Probe, Pending> entry : new ArrayList<>(pending.entrySet())) {
          long deadline = entry.getValue().deadline();
          if (deadline != 0 && now - deadline >= 0) {
            finish(entry.getKey(), entry.getKey().onTimeout(), pending, results);
          }
        }
      }
    } finally {
      pending.keySet().forEach(Probe::close);
    }
    return Arrays.asList(results);
  }

  /**
   * {@code window}, or fewer where the descriptor limit is low: each probe in flight holds a
   * socket, and so does each one finished since the last select, which releases it (a closed
   * channel's descriptor goes only when its selector deregisters it); {@link #SPARE_DESCRIPTORS}
   * stay for the JVM itself.
   */
  private static int withinDescriptorLimit(int window) {
    if (window <= 1) {
      return window;
    }
    OptionalInt headroom = DescriptorHeadroom.now();
    return headroom.isEmpty()
        ? window
        : Math.clamp((headroom.getAsInt() - SPARE_DESCRIPTORS) / 2, 1, window);
  }

  /**
   * Whether the fast loopback scan may decide the ports first: a plain TCP scan of a loopback
   * address, with no option that shapes each probe (-s, -p, -r, -i, a -w under a second), and
   * enough ports to repay the native calls' linking.
   */
  private boolean nativeLoopbackScan(InetAddress address, int portCount) {
    return portCount >= NATIVE_SCAN_MIN_PORTS
        && settings.protocol() == Protocol.TCP
        && address.isLoopbackAddress()
        && settings.localAddress() == null
        && settings.localPort() == 0
        && settings.randomLocalPort() == null
        && settings.interval() == null
        && (settings.timeout() == null || settings.timeout().compareTo(Duration.ofSeconds(1)) >= 0)
        && LoopbackConnectScan.available().isPresent();
  }

  private record Pending(int index, long deadline) {}

  /** A probe just started, with its outcome when that was known at once. */
  private record Started(Probe probe, ProbeOutcome outcome) {}

  private static void finish(
      Probe probe, ProbeOutcome outcome, Map<Probe, Pending> pending, ProbeOutcome[] results) {
    results[pending.remove(probe).index()] = outcome;
    probe.close();
  }

  /** Creates and starts a probe, drawing again when a random local port is taken. */
  private Started probe(InetSocketAddress remote, Selector selector) throws IOException {
    int attempts = settings.randomLocalPort() == null ? 1 : RandomLocalPort.ATTEMPTS;
    for (int attempt = 1; ; attempt++) {
      InetSocketAddress local = local(remote.getAddress());
      Probe probe =
          settings.protocol() == Protocol.UDP
              ? new UdpProbe(remote, local)
              : new TcpProbe(remote, local);
      try {
        return new Started(probe, probe.start(selector));
      } catch (BindException e) {
        probe.close();
        if (attempt >= attempts) {
          // The same words as a connect's bind (TcpConnector): the address when -s gave one.
          String where = AddressText.localEnd(settings.localAddress(), local.getPort());
          throw NcException.network("cannot bind to " + where + ": " + e.getMessage(), e);
        }
      } catch (IOException e) {
        probe.close();
        throw e;
      }
    }
  }

  private InetSocketAddress local(InetAddress peer) {
    int port =
        settings.localPort() == 0 && settings.randomLocalPort() != null
            ? settings.randomLocalPort().next()
            : settings.localPort();
    if (settings.localAddress() == null && port == 0) {
      return null;
    }
    return AddressFamily.localEnd(peer, settings.localAddress(), port);
  }

  /**
   * Emits the events of every finished probe that follows the last reported one in order. Each
   * outcome is a call of its own, which HotSpot compiles after a few hundred; a loop's body would
   * stay in the interpreter for some 60,000 turns, the most of a full scan.
   */
  private int report(ProbeOutcome[] results, int reported) {
    while (reported < results.length && results[reported] != null) {
      report(results[reported++]);
    }
    return reported;
  }

  private void report(ProbeOutcome outcome) {
    listener.onEvent(new NcEvent.Connecting(outcome.startNanos(), outcome.remote()));
    if (outcome.open()) {
      listener.onEvent(
          new NcEvent.Connected(outcome.endNanos(), outcome.local(), outcome.remote()));
      listener.onEvent(new NcEvent.Closed(outcome.endNanos(), 0, 0, CloseReason.COMPLETE));
    } else {
      listener.onEvent(
          new NcEvent.ConnectFailed(outcome.endNanos(), outcome.remote(), outcome.failure()));
    }
  }

  private static long millisToNearest(Map<Probe, Pending> pending) {
    long now = System.nanoTime();
    long best = -1;
    for (Pending p : pending.values()) {
      if (p.deadline() != 0) {
        long millis = Math.max(0, (p.deadline() - now + 999_999) / 1_000_000);
        best = best < 0 ? millis : Math.min(best, millis);
      }
    }
    return best;
  }

  /** An address of this machine's, loopback or an interface's: its ICMP errors come unlimited. */
  private static boolean isOurs(InetAddress address) {
    try {
      return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private static void pause(Duration interval) throws InterruptedIOException {
    try {
      Thread.sleep(interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }
}
