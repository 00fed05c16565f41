package dev.jnc.lab;

import dev.jnc.lab.cli.LabCommandLine;
import dev.jnc.lab.lifecycle.Stopping;
import java.io.PrintStream;

/** Entry point of {@code lab}. */
public final class Lab {

  private Lab() {}

  public static void main(String[] args) {
    Stopping.watch();
    System.exit(run(System.out, System.err, args));
  }

  /** Runs one {@code lab} command line and returns its exit status. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return LabCommandLine.create(out, err).execute(args);
  }
}
