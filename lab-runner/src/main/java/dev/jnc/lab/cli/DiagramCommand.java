package dev.jnc.lab.cli;

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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lab diagram}: the state diagram with the path a run took, as SVG or in the terminal. */
@Command(
    name = "diagram",
    description = {
      "Draw the TCP state diagram with the transitions a run took.",
      "It runs a scenario quietly, or reads what 'lab run --format json' wrote."
    })
final class DiagramCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  static final class Source {
    @Option(
        names = "--scenario",
        paramLabel = "SCENARIO",
        completionCandidates = RunCommand.ScenarioNames.class,
        description = "run this scenario quietly, then draw it (all-states draws all its parts)")
    String scenario;

    @Option(
        names = "--from",
        paramLabel = "FILE",
        description = "draw the runs in FILE, JSON lines from 'lab run --format json'")
    Path from;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--svg",
      paramLabel = "FILE",
      description = "write the diagram to FILE as SVG; without it, draw it in the terminal")
  Path svg;

  @Mixin ScenarioPortOption port;

  @Mixin StateNamesOption stateNames;

  @Mixin ObserverOption observerOption;

  @Override
  public Integer call() throws IOException {
    port.check(
        spec, Scenarios.ALL_STATES.equals(source.scenario) ? Scenarios.ALL_STATES_PARTS.size() : 1);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<RecordedRun> runs;
    try {
      runs = source.from != null ? read(source.from) : runQuietly(source.scenario);
    } catch (LabException e) {
      err.println("lab: " + e.getMessage());
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
        err.println("lab: cannot write " + svg + ": " + e.getMessage());
        return ExitCode.CANNOT_RUN;
      }
      out.println(
          "lab: diagram written to "
              + svg
              + " ("
              + path.takenEdges().size()
              + " edges taken, "
              + path.observedStates().size()
              + " states seen)");
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

  private List<RecordedRun> read(Path file) throws LabException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return JsonLinesReader.read(reader);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "no such file: " + file);
    } catch (IOException e) {
      throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (JsonLinesReader.BadInputException e) {
      throw new LabException(file + ": " + e.getMessage(), e);
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
      for (int i = 0; i < scenarios.size(); i++) {
        Scenario scenario = scenarios.get(i);
        int chosen = port.portFor(scenario, i, loopback);
        RecordingListener recording = new RecordingListener();
        runs.add(
            recording.finish(
                new ScenarioRunner(
                        scenario, loopback, chosen, new StateRecorder(observer, chosen), recording)
                    .run()));
      }
    }
    return runs;
  }
}
