package dev.jnc.lab.cli;

import dev.jnc.lab.lifecycle.Stopping;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds the {@code lab} command line with its error handlers, in one place. */
public final class LabCommandLine {

  private LabCommandLine() {}

  public static CommandLine create(PrintStream out, PrintStream err) {
    PrintWriter errWriter = new PrintWriter(err, true);
    CommandLine cl = new CommandLine(LabCommandModel.root());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(errWriter);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    ScenarioHelp.install(cl);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          // picocli starts some messages (a missing argument of a group) with its own "Error: ".
          errWriter.println("lab: " + ex.getMessage().replaceFirst("^Error: ", ""));
          errWriter.println("Try 'lab --help' for more information.");
          return ExitCode.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (Stopping.started()) {
            // Ctrl-C closed what the command was using: its failure is not news.
            return ExitCode.CANNOT_RUN;
          }
          errWriter.println("lab: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
          if (Boolean.getBoolean("lab.stackTrace")) {
            ex.printStackTrace(errWriter);
          }
          return ExitCode.CANNOT_RUN;
        });
    return cl;
  }
}
