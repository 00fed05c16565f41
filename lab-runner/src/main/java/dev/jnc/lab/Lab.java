package dev.jnc.lab;

import dev.jnc.core.LastResort;
import dev.jnc.lab.cli.ExitCode;
import dev.jnc.lab.cli.LabCommandLine;
import dev.jnc.lab.lifecycle.Stopping;
import java.io.PrintStream;

/** Entry point of {@code lab}. */
public final class Lab {

  private Lab() {}

  public static void main(String[] args) {
    // What reaches it is the system refusing a thread or memory: the run cannot go on here.
    LastResort.install("lab", System.err, ExitCode.CANNOT_RUN);
    Stopping.watch();
    System.exit(run(System.out, System.err, args));
  }

  /** Runs one {@code lab} command line and returns its exit status. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return LabCommandLine.create(out, err).execute(args);
  }
}
