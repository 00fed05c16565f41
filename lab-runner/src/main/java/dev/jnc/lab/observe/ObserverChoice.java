package dev.jnc.lab.observe;

import java.util.Locale;

/** The values of {@code --observer}: which source of the kernel's TCP table to poll. */
public enum ObserverChoice {
  /**
   * The best this machine offers: the trace as root with tracefs, else netlink, else {@code
   * /proc/net/tcp}, else {@code netstat}.
   */
  AUTO,
  /** {@code NETLINK_SOCK_DIAG} (Linux): fast, and the only one that sees bound idle sockets. */
  NETLINK,
  /** {@code /proc/net/tcp} and {@code /proc/net/tcp6} (Linux). */
  PROC,
  /** The platform's {@code netstat} (any OS): slow, for machines without the other two. */
  NETSTAT,
  /**
   * The {@code sock:inet_sock_set_state} tracepoint in a private tracefs instance (root), merged
   * with netlink snapshots: every transition at the kernel's time.
   */
  TRACE;

  /** The spelling on the command line. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The choice spelled {@code value} on the command line. */
  public static ObserverChoice fromOptionValue(String value) {
    for (ObserverChoice choice : values()) {
      if (choice.optionValue().equalsIgnoreCase(value.strip())) {
        return choice;
      }
    }
    throw new IllegalArgumentException(
        "unknown observer '" + value + "': expected auto, netlink, proc, netstat or trace");
  }
}
