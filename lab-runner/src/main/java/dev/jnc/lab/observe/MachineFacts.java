package dev.jnc.lab.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code --observer auto} needs to know about this machine. Probed once for real; tests pass
 * made-up facts to check the choice an unprivileged user gets without dropping privileges.
 *
 * @param root the process runs as root (effective uid 0), as the tracepoint needs
 * @param tracefs the kernel has tracefs (mounted or not)
 * @param netlinkProblem why NETLINK_SOCK_DIAG does not work here; empty when it does
 * @param proc {@code /proc/net/tcp} is readable
 */
public record MachineFacts(
    boolean root, boolean tracefs, Optional<String> netlinkProblem, boolean proc) {

  /** The facts of the machine we run on. */
  public static MachineFacts probe() {
    boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    return new MachineFacts(
        linux && effectiveRoot(),
        linux && Tracefs.supported(),
        NetlinkObserver.unavailableReason(),
        ProcNetTcpObserver.isAvailable());
  }

  /**
   * Whether this process's effective user is root: the owner of {@code /proc/self} (proc(5)), so no
   * native call is needed and the answer holds without native access too.
   */
  static boolean effectiveRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
