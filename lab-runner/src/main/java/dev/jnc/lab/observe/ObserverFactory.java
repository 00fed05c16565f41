package dev.jnc.lab.observe;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Opens the observer that {@code --observer} asks for, or the best one here for {@code auto}. */
public final class ObserverFactory {

  /**
   * Which observer to open and why.
   *
   * @param kind never {@link ObserverChoice#AUTO}
   * @param why for the explanation line, e.g. {@code auto: root and tracefs available}
   */
  public record Plan(ObserverChoice kind, String why) {}

  private ObserverFactory() {}

  /**
   * Opens {@code choice}; {@code auto} takes the trace when running as root with tracefs, else
   * netlink if it works, else {@code /proc/net/tcp} if it exists, else {@code netstat}.
   *
   * @throws ObserverUnavailableException when the observer asked for cannot run on this machine
   */
  public static ChosenObserver open(ObserverChoice choice) throws ObserverUnavailableException {
    // The trace's instance is made while the facts that choose it are gathered: as root, the
    // headline took 9-25 ms less in three runs of 30-50 interleaved rounds (243.2 -> 221.7 ms in
    // the last). Not used, it is closed again.
    CompletableFuture<TraceSession> early =
        mayTrace(choice) ? TraceSession.startInBackground() : null;
    ChosenObserver chosen = null;
    try {
      chosen = choose(choice, early);
      return chosen;
    } finally {
      if (early != null && !(chosen != null && chosen.observer() instanceof TraceObserver)) {
        early.thenAccept(ObserverFactory::closeQuietly);
      }
    }
  }

  private static ChosenObserver choose(ObserverChoice choice, CompletableFuture<TraceSession> early)
      throws ObserverUnavailableException {
    MachineFacts facts = MachineFacts.probe();
    Plan plan = plan(choice, facts);
    if (plan.kind() == ObserverChoice.TRACE && choice == ObserverChoice.AUTO) {
      try {
        return trace(plan.why(), facts, early);
      } catch (ObserverUnavailableException e) {
        // Root in a user namespace of its own (unshare -Ur) may not mount tracefs.
        MachineFacts noTrace = new MachineFacts(false, false, facts.netlinkProblem(), facts.proc());
        String failure = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        return open(
            plan(ObserverChoice.AUTO, noTrace, "the trace failed: " + failure),
            null,
            noTrace,
            null);
      }
    }
    return open(plan, null, facts, early);
  }

  /**
   * Whether {@code choice} may end in the trace here: {@code auto} or {@code trace}, as root, on a
   * kernel with tracefs. The facts, gathered meanwhile, decide.
   */
  private static boolean mayTrace(ObserverChoice choice) {
    return (choice == ObserverChoice.AUTO || choice == ObserverChoice.TRACE)
        && MachineFacts.effectiveRoot()
        && Tracefs.supported();
  }

  private static void closeQuietly(TraceSession session) {
    try {
      session.close();
    } catch (IOException e) {
      // Its instance is removed at exit, or by the next lab.
    }
  }

  /** What {@code choice} means on a machine with these facts; opens nothing. */
  public static Plan plan(ObserverChoice choice, MachineFacts facts)
      throws ObserverUnavailableException {
    return plan(choice, facts, null);
  }

  /** As {@link #plan(ObserverChoice, MachineFacts)}, {@code auto} told why it has no trace. */
  private static Plan plan(ObserverChoice choice, MachineFacts facts, String whyNoTrace)
      throws ObserverUnavailableException {
    return switch (choice) {
      case AUTO -> {
        if (facts.root() && facts.tracefs() && (facts.netlinkProblem().isEmpty() || facts.proc())) {
          yield new Plan(ObserverChoice.TRACE, "auto: running as root and tracefs is available");
        }
        String noTrace =
            whyNoTrace != null ? whyNoTrace : facts.root() ? "no tracefs here" : "trace needs root";
        if (facts.netlinkProblem().isEmpty()) {
          yield new Plan(ObserverChoice.NETLINK, "auto: sock_diag works here; " + noTrace);
        }
        if (facts.proc()) {
          yield new Plan(
              ObserverChoice.PROC,
              "auto: netlink unavailable (" + facts.netlinkProblem().get() + "); " + noTrace);
        }
        yield new Plan(ObserverChoice.NETSTAT, "auto: no netlink, no /proc/net/tcp");
      }
      case TRACE -> {
        if (!facts.root()) {
          throw new ObserverUnavailableException(
              "observer 'trace' needs root: it creates a tracefs instance for the"
                  + " sock:inet_sock_set_state tracepoint; run lab as root, or use --observer auto"
                  + " (netlink, no root needed)");
        }
        if (!facts.tracefs()) {
          throw new ObserverUnavailableException(
              "observer 'trace' is not available: this kernel has no tracefs");
        }
        if (facts.netlinkProblem().isPresent() && !facts.proc()) {
          throw new ObserverUnavailableException(
              "observer 'trace' is not available: it needs netlink or /proc/net/tcp beside it");
        }
        yield new Plan(ObserverChoice.TRACE, "asked for");
      }
      default -> new Plan(choice, "asked for");
    };
  }

  private static ChosenObserver open(
      Plan plan, String override, MachineFacts facts, CompletableFuture<TraceSession> early)
      throws ObserverUnavailableException {
    String why = override == null ? plan.why() : override + "; " + plan.why();
    return switch (plan.kind()) {
      case NETLINK -> netlink(why);
      case PROC -> proc(why);
      case NETSTAT -> netstat(why);
      case TRACE -> trace(why, facts, early);
      case AUTO -> throw new IllegalArgumentException("a plan names a real observer");
    };
  }

  /** The trace, with the session {@code early} started, or one started now when it is null. */
  private static ChosenObserver trace(
      String why, MachineFacts facts, CompletableFuture<TraceSession> early)
      throws ObserverUnavailableException {
    ChosenObserver poller = facts.netlinkProblem().isEmpty() ? netlink("poller") : proc("poller");
    try {
      TraceSession session = early == null ? TraceSession.start() : joined(early);
      TraceObserver observer = TraceObserver.open(poller.observer(), session);
      return new ChosenObserver(
          observer,
          "observer: trace ("
              + why
              + "; sock:inet_sock_set_state in tracefs instance "
              + observer.instance()
              + ", with "
              + poller.observer().name()
              + " snapshots for TIME_WAIT and held SYN_RECEIVED)");
    } catch (IOException e) {
      try {
        poller.observer().close();
      } catch (IOException ignored) {
        // The trace's failure is the one to report.
      }
      throw new ObserverUnavailableException(
          "observer 'trace' is not available: " + e.getMessage(), e);
    }
  }

  /** The session {@code started} made, or the {@link IOException} it failed with. */
  private static TraceSession joined(CompletableFuture<TraceSession> started) throws IOException {
    try {
      return started.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause().getMessage(), e.getCause());
    }
  }

  private static ChosenObserver netlink(String why) throws ObserverUnavailableException {
    try {
      NetlinkObserver observer = NetlinkObserver.open();
      String idle =
          NetlinkObserver.supportsBoundInactive()
              ? "bound idle sockets show as CLOSED"
              : "this kernel does not list bound idle sockets (needs Linux 6.5+)";
      return new ChosenObserver(observer, "observer: netlink (" + why + "; " + idle + ")");
    } catch (IOException e) {
      throw new ObserverUnavailableException(
          "observer 'netlink' is not available: " + e.getMessage(), e);
    }
  }

  private static ChosenObserver proc(String why) throws ObserverUnavailableException {
    if (!ProcNetTcpObserver.isAvailable()) {
      throw new ObserverUnavailableException(
          "observer 'proc' is not available: no readable /proc/net/tcp on this machine");
    }
    return new ChosenObserver(
        new ProcNetTcpObserver(),
        "observer: proc (" + why + "; /proc/net/tcp{,6}, does not see bound idle sockets)");
  }

  private static ChosenObserver netstat(String why) throws ObserverUnavailableException {
    if (!NetstatObserver.isInstalled()) {
      throw new ObserverUnavailableException(
          "observer 'netstat' is not available: no netstat on PATH (Debian and Ubuntu: apt-get"
              + " install net-tools)");
    }
    NetstatObserver observer = NetstatObserver.forThisOs();
    return new ChosenObserver(
        observer,
        "observer: netstat ("
            + why
            + "; runs '"
            + String.join(" ", NetstatFormat.forThisOs().command())
            + "' per snapshot)");
  }
}
