package dev.jnc.lab.cli;

import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.record.StateRecorder;
import dev.jnc.lab.record.Transition;
import dev.jnc.lab.report.NetstatFormatter;
import dev.jnc.lab.scenario.LabException;
import dev.jnc.lab.scenario.RunResult;
import dev.jnc.lab.scenario.Scenario;
import dev.jnc.lab.scenario.ScenarioRunner;
import dev.jnc.lab.scenario.Scenarios;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab run SCENARIO}: reproduce a scenario and show what the kernel did. */
@Command(
    name = "run",
    description = "Run a scenario on the real kernel and show the TCP states it goes through.")
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SCENARIO",
      completionCandidates = ScenarioNames.class,
      description = "one of: ${COMPLETION-CANDIDATES}")
  String scenarioName;

  @Option(
      names = "--port",
      paramLabel = "N",
      description =
          "port to use instead of the scenario's own (6666 for handshake-demo); 0 for any free port")
  Integer port;

  @Option(
      names = "--names",
      paramLabel = "STYLE",
      description = "state names: windows (as in the seed), linux (as ss prints), rfc, bsd",
      defaultValue = "windows")
  StateNames names;

  @Mixin ObserverOption observerOption;

  @Override
  public Integer call() throws Exception {
    Scenario scenario =
        Scenarios.named(scenarioName)
            .orElseThrow(
                () ->
                    new ParameterException(
                        spec.commandLine(),
                        "unknown scenario '" + scenarioName + "'; 'lab list' shows them all"));
    int chosenPort = port == null ? scenario.defaultPort() : port;
    if (chosenPort < 0 || chosenPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "invalid port " + chosenPort + ": must be 1-65535");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    if (chosenPort == 0) {
      chosenPort = freePort(loopback);
    }
    try (SocketObserver observer = observerOption.open()) {
      out.printf(
          "lab run %s: %s%n  on 127.0.0.1:%d, %s%n",
          scenario.name(), scenario.summary(), chosenPort, observerOption.explanation());
      StateRecorder recorder = new StateRecorder(observer, chosenPort);
      NetstatFormatter formatter = new NetstatFormatter(names);
      RunResult result =
          new ScenarioRunner(
                  scenario,
                  loopback,
                  chosenPort,
                  recorder,
                  new TextRunListener(out, formatter, chosenPort))
              .run();
      printHistories(out, result);
      String sequence =
          result.observed().stream()
              .map(s -> s.displayName(names))
              .collect(Collectors.joining(" -> "));
      out.println(
          "Observed on port " + chosenPort + ": " + (sequence.isEmpty() ? "nothing" : sequence));
      out.printf("(%d polls of the %s observer)%n", recorder.polls(), observer.name());
      out.flush();
      if (!result.passed()) {
        err.println(
            "lab: " + scenario.name() + " did not show what it promises: " + result.failure());
        return ExitCode.NOT_OBSERVED;
      }
      out.println("lab: " + scenario.name() + " passed");
      return ExitCode.OK;
    } catch (LabException e) {
      err.println("lab: " + e.getMessage());
      return ExitCode.CANNOT_RUN;
    }
  }

  /** {@code --port 0}: a port nobody listens on now, for tests and parallel runs. */
  private static int freePort(InetAddress address) throws java.io.IOException {
    try (var probe = new java.net.ServerSocket(0, 1, address)) {
      return probe.getLocalPort();
    }
  }

  /** One line per socket: every state it was seen in, with the time spent in each. */
  private void printHistories(PrintWriter out, RunResult result) {
    Map<String, StringBuilder> lines = new LinkedHashMap<>();
    for (Transition t : result.transitions()) {
      StringBuilder line =
          lines.computeIfAbsent(
              NetstatFormatter.address(t.socket().local())
                  + " -> "
                  + NetstatFormatter.address(t.socket().remote()),
              k -> new StringBuilder());
      if (t.from() != null) {
        line.append(String.format(" (%.1f ms)", t.nanosInFrom() / 1e6));
      }
      if (!line.isEmpty()) {
        line.append(" -> ");
      }
      line.append(t.to() == null ? "gone" : t.to().displayName(names));
    }
    out.println("Per socket, as sampled:");
    int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (Iterator<Map.Entry<String, StringBuilder>> it = lines.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, StringBuilder> e = it.next();
      out.printf("  %-" + width + "s  %s%n", e.getKey(), e.getValue());
    }
  }

  /** Scenario names for help and shell completion. */
  static final class ScenarioNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = Scenarios.all().stream().map(Scenario::name).toList();
      return names.iterator();
    }
  }
}
