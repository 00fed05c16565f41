package dev.jnc.lab.observe;

import java.io.IOException;

/** Opens the observer that {@code --observer} asks for, or the best one here for {@code auto}. */
public final class ObserverFactory {

  private ObserverFactory() {}

  /**
   * Opens {@code choice}; {@code auto} takes netlink if it works, else {@code /proc/net/tcp} if it
   * exists, else {@code netstat}.
   *
   * @throws ObserverUnavailableException when the observer asked for cannot run on this machine
   */
  public static ChosenObserver open(ObserverChoice choice) throws ObserverUnavailableException {
    return switch (choice) {
      case AUTO -> auto();
      case NETLINK -> netlink("asked for");
      case PROC -> proc("asked for");
      case NETSTAT -> netstat("asked for");
      case TRACE ->
          throw new ObserverUnavailableException(
              "observer 'trace' is not available yet: use --observer auto, netlink, proc or"
                  + " netstat");
    };
  }

  private static ChosenObserver auto() throws ObserverUnavailableException {
    var netlinkProblem = NetlinkObserver.unavailableReason();
    if (netlinkProblem.isEmpty()) {
      return netlink("auto: sock_diag works here");
    }
    if (ProcNetTcpObserver.isAvailable()) {
      return proc("auto: netlink unavailable (" + netlinkProblem.get() + ")");
    }
    return netstat("auto: no netlink, no /proc/net/tcp");
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

  private static ChosenObserver netstat(String why) {
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
