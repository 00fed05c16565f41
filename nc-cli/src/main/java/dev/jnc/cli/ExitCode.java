package dev.jnc.cli;

/** The exit statuses of {@code jnc}, as documented in the README and in {@code jnc -h}. */
public final class ExitCode {

  /** The connection was made and ended normally; with {@code -z}, at least one port was open. */
  public static final int OK = 0;

  /**
   * The network said no: connection refused, host unreachable or unknown, timed out, reset by the
   * peer; with {@code -z}, no port was open.
   */
  public static final int NETWORK = 1;

  /** The command line is wrong: unknown option, bad port, bad interval, conflicting options. */
  public static final int USAGE = 2;

  private ExitCode() {}
}
