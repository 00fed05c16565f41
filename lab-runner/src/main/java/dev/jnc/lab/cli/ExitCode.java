package dev.jnc.lab.cli;

/** The exit statuses of {@code lab}, as documented in the README and in {@code lab --help}. */
public final class ExitCode {

  /** The scenario ran and every state it promises was observed. */
  public static final int OK = 0;

  /** The scenario ran but did not show what it promises; the output says what was missing. */
  public static final int NOT_OBSERVED = 1;

  /** The command line is wrong: unknown scenario, bad port or option. */
  public static final int USAGE = 2;

  /** The scenario could not run here: port busy, no usable observer, no permission. */
  public static final int CANNOT_RUN = 3;

  private ExitCode() {}
}
