package dev.jnc.lab.cli;

import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.report.ReportLanguage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code lab run}'s output options: {@code --format}, {@code --diagram}, {@code --report}. */
final class OutputOptions {

  enum Format {
    TEXT,
    JSON
  }

  private Format format;

  private boolean diagram;

  private Path report;

  private ReportLanguage language;

  /** Declares {@code --format}, {@code --diagram}, {@code --report} and {@code --lang}. */
  void declareIn(CommandSpec command) {
    command.addOption(
        new FieldBinding<Format>(() -> format, v -> format = v)
            .option("--format")
            .type(Format.class)
            .completionCandidates(LabCommandModel.lowerCase(Format.values()))
            .defaultValue("text")
            .paramLabel("FORMAT")
            .description("text (default), or json: JSON lines, one event per line, for other tools")
            .build());
    command.addOption(
        new FieldBinding<Boolean>(() -> diagram, v -> diagram = v)
            .flag("--diagram")
            .description("after the run, draw the TCP state diagram with the path the sockets took")
            .build());
    command.addOption(
        new FieldBinding<Path>(() -> report, v -> report = v)
            .option("--report")
            .type(Path.class)
            .paramLabel("FILE")
            .description("write a self-contained HTML report of the run to FILE")
            .build());
    command.addOption(
        new FieldBinding<ReportLanguage>(() -> language, v -> language = v)
            .option("--lang")
            .type(ReportLanguage.class)
            .completionCandidates(LabCommandModel.lowerCase(ReportLanguage.values()))
            .paramLabel("LANG")
            .description(
                "language of the --report file: en or zh (default: from the locale); the"
                    + " terminal's text is in English")
            .build());
  }

  /** Checks the combination and starts the outputs of one {@code lab run}. */
  RunOutputs open(CommandSpec spec, StateNames names) {
    if (diagram && format == Format.JSON) {
      throw new ParameterException(
          spec.commandLine(), "--diagram draws text; it cannot be combined with --format json");
    }
    if (report != null) {
      String problem = OutputFile.problem(report);
      if (problem != null) {
        throw new ParameterException(
            spec.commandLine(), "cannot write the report to " + report + ": " + problem);
      }
    }
    if (language != null && report == null) {
      // Said, not ignored: a student who asks for Chinese and gets English would think it broken.
      spec.commandLine()
          .getErr()
          .println(
              "lab: --lang "
                  + language.name().toLowerCase(Locale.ROOT)
                  + " sets the language of the --report file; the terminal's text is in English");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean json = format == Format.JSON;
    return new RunOutputs(
        out,
        json ? spec.commandLine().getErr() : out,
        json,
        diagram,
        report,
        language == null ? ReportLanguage.forLocale(Locale.getDefault()) : language,
        names,
        TerminalColour.supported(System.getenv()));
  }
}
