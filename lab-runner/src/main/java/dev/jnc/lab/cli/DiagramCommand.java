package dev.jnc.lab.cli;

import dev.jnc.core.io.FileErrorReason;
import dev.jnc.lab.lifecycle.Stopping;
import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.record.StateRecorder;
import dev.jnc.lab.report.JsonLinesReader;
import dev.jnc.lab.report.PathMapper;
import dev.jnc.lab.report.RecordedRun;
import dev.jnc.lab.report.RecordingListener;
import dev.jnc.lab.report.RunPath;
import dev.jnc.lab.report.SvgDiagram;
import dev.jnc.lab.report.TerminalDiagram;
import dev.jnc.lab.scenario.LabException;
import dev.jnc.lab.scenario.Scenario;
import dev.jnc.lab.scenario.ScenarioRunner;
import dev.jnc.lab.scenario.Scenarios;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code lab diagram}: the state diagram with the path a run took, as SVG or in the terminal. */
final class DiagramCommand implements Callable<Integer> {

  private final CommandSpec spec =
      LabCommandModel.command(
          this,
          "diagram",
          "Draw the TCP state diagram with the transitions a run took.",
          "It runs a scenario quietly, or reads what 'lab run --format json' wrote.");

  /** What to draw: exactly one of the two. */
  private String scenarioName;

  private Path from;

  private Path svg;

  private final ScenarioPortOption port = new ScenarioPortOption();

  private final StateNamesOption stateNames = new StateNamesOption();

  private final ObserverOption observerOption = new ObserverOption();

  /** Declares {@code lab diagram}'s options and parameters, bound to this command's fields. */
  DiagramCommand() {
    spec.addArgGroup(
        ArgGroupSpec.builder()
            .exclusive(true)
            .multiplicity("1")
            .addArg(
                new FieldBinding<String>(() -> scenarioName, v -> scenarioName = v)
                    .option("--scenario")
                    .type(String.class)
                    .paramLabel("SCENARIO")
                    .completionCandidates(new RunCommand.ScenarioNames())
                    .description(
                        "run this scenario quietly, then draw it (all-states draws all its parts)")
                    .build())
            .addArg(
                new FieldBinding<Path>(() -> from, v -> from = v)
                    .option("--from")
                    .type(Path.class)
                    .paramLabel("FILE")
                    .description("draw the runs in FILE, JSON lines from 'lab run --format json'")
                    .build())
            .build());
    spec.addOption(
        new FieldBinding<Path>(() -> svg, v -> svg = v)
            .option("--svg")
            .type(Path.class)
            .paramLabel("FILE")
            .description("write the diagram to FILE as SVG; without it, draw it in the terminal")
            .build());
    port.declareIn(spec);
    stateNames.declareIn(spec);
    observerOption.declareIn(spec);
  }

  /** {@code lab diagram}'s command line. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() throws IOException {
    port.check(
        spec, Scenarios.ALL_STATES.equals(scenarioName) ? Scenarios.ALL_STATES_PARTS.size() : 1);
    if (svg != null) {
      String problem = OutputFile.problem(svg);
      if (problem != null) {
        throw new ParameterException(spec.commandLine(), "cannot write " + svg + ": " + problem);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<RecordedRun> runs;
    try {
      runs = from != null ? read(from) : runQuietly(scenarioName);
    } catch (JsonLinesReader.BadInputException e) {
      // Input named on the command line that is not what lab run writes: bad usage, as a missing
      // file is, in one line.
      err.println("lab: " + from + ": " + e.getMessage());
      return ExitCode.USAGE;
    } catch (LabException e) {
      if (!Stopping.started()) {
        err.println("lab: " + e.getMessage());
      }
      return ExitCode.CANNOT_RUN;
    }
    RunPath path = PathMapper.map(runs);
    String title =
        "lab: " + runs.stream().map(RecordedRun::scenario).collect(Collectors.joining(", "));
    if (svg != null) {
      try {
        Files.writeString(
            svg, new SvgDiagram(stateNames.names).render(path, title), StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("lab: cannot write " + svg + ": " + FileErrorReason.of(e));
        return ExitCode.CANNOT_RUN;
      }
      out.println(
          "lab: diagram written to "
              + svg
              + " ("
              + path.takenEdges().size()
              + (path.takenEdges().size() == 1 ? " edge" : " edges")
              + " taken, "
              + path.observedStates().size()
              + (path.observedStates().size() == 1 ? " state" : " states")
              + " seen)");
    } else {
      out.print(
          new TerminalDiagram(stateNames.names, TerminalColour.supported(System.getenv()))
              .render(path));
    }
    out.flush();
    for (RecordedRun run : runs) {
      if (!run.passed()) {
        err.println("lab: " + run.scenario() + " did not show what it promises: " + run.failure());
        return ExitCode.NOT_OBSERVED;
      }
    }
    return ExitCode.OK;
  }

  private List<RecordedRun> read(Path file) throws LabException, JsonLinesReader.BadInputException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return JsonLinesReader.read(reader);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "no such file: " + file);
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        // A folder named for the file is the same slip as a missing file: usage, as jnc -o takes
        // it.
        throw new ParameterException(
            spec.commandLine(), "cannot read " + file + ": Is a directory");
      }
      throw new LabException("cannot read " + file + ": " + FileErrorReason.of(e), e);
    }
  }

  private List<RecordedRun> runQuietly(String name) throws LabException, IOException {
    boolean allStates = name.equals(Scenarios.ALL_STATES);
    Scenario single =
        allStates
            ? null
            : Scenarios.named(name)
                .orElseThrow(
                    () ->
                        new ParameterException(
                            spec.commandLine(),
                            "unknown scenario '" + name + "'; 'lab list' shows them all"));
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    List<RecordedRun> runs = new ArrayList<>();
    try (SocketObserver observer = observerOption.open()) {
      List<Scenario> scenarios =
          allStates ? ObserverOption.allStatesParts(observer) : List.of(single);
      if (!allStates) {
        ObserverOption.checkCanShow(single, observer);
      }
      ScenarioPlacement placement = new ScenarioPlacement(false, observerOption);
      for (int i = 0; i < scenarios.size(); i++) {
        Scenario scenario = scenarios.get(i);
        int chosen = port.portFor(scenario, i, loopback);
        runs.add(
            placement.run(
                scenario,
                observer,
                (placed, placedObserver, where) -> {
                  RecordingListener recording = new RecordingListener(placedObserver.name());
                  return recording.finish(
                      new ScenarioRunner(
                              placed,
                              loopback,
                              chosen,
                              new StateRecorder(placedObserver, chosen),
                              recording)
                          .run());
                },
                why -> spec.commandLine().getErr().println("lab: " + why)));
      }
    }
    return runs;
  }
}
