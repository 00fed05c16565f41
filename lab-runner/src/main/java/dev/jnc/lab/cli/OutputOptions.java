package dev.jnc.lab.cli;

import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.report.ReportLanguage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code lab run}'s output options: {@code --format}, {@code --diagram}, {@code --report}. */
final class OutputOptions {

  enum Format {
    TEXT,
    JSON
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default), or json: JSON lines, one event per line, for other tools")
  Format format;

  @Option(
      names = "--diagram",
      description = "after the run, draw the TCP state diagram with the path the sockets took")
  boolean diagram;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "write a self-contained HTML report of the run to FILE")
  Path report;

  @Option(
      names = "--lang",
      paramLabel = "LANG",
      description = "language of the report: en or zh (default: from the locale)")
  ReportLanguage language;

  /** Checks the combination and starts the outputs of one {@code lab run}. */
  RunOutputs open(CommandSpec spec, StateNames names) {
    if (diagram && format == Format.JSON) {
      throw new ParameterException(
          spec.commandLine(), "--diagram draws text; it cannot be combined with --format json");
    }
    if (report != null) {
      Path parent = report.toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new ParameterException(
            spec.commandLine(), "cannot write the report to " + report + ": no such directory");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    return new RunOutputs(
        out,
        format == Format.JSON,
        diagram,
        report,
        language == null ? ReportLanguage.forLocale(Locale.getDefault()) : language,
        names,
        TerminalColour.supported(System.getenv()));
  }
}
