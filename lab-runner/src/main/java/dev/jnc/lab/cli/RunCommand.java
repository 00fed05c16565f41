package dev.jnc.lab.cli;

import dev.jnc.lab.lifecycle.ExitHook;
import dev.jnc.lab.lifecycle.Stopping;
import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.StateRecorder;
import dev.jnc.lab.record.Transition;
import dev.jnc.lab.report.NetstatFormatter;
import dev.jnc.lab.report.StateChecklist;
import dev.jnc.lab.scenario.LabException;
import dev.jnc.lab.scenario.PrivateNetwork;
import dev.jnc.lab.scenario.RunListener;
import dev.jnc.lab.scenario.RunResult;
import dev.jnc.lab.scenario.Scenario;
import dev.jnc.lab.scenario.ScenarioRunner;
import dev.jnc.lab.scenario.Scenarios;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code lab run SCENARIO}: reproduce a scenario and show what the kernel did. */
final class RunCommand implements Callable<Integer> {

  private final CommandSpec spec =
      LabCommandModel.command(
          this,
          "run",
          "Run a scenario on the real kernel and show the TCP states it goes through.");

  private String scenarioName;

  private final ScenarioPortOption port = new ScenarioPortOption();

  private final StateNamesOption stateNames = new StateNamesOption();

  private boolean pause;

  private boolean privateNetwork;

  private final ObserverOption observerOption = new ObserverOption();

  private final OutputOptions outputOptions = new OutputOptions();

  /** The scenario running now, for a stop to abort. */
  private volatile ScenarioRunner running;

  private RunOutputs outputs;

  private PrintWriter out;

  /** The terminal's lines, for {@code --pause}; one reader for every part of all-states. */
  private BufferedReader keys;

  /** Declares {@code lab run}'s options and parameters, bound to this command's fields. */
  RunCommand() {
    spec.addPositional(
        new FieldBinding<String>(() -> scenarioName, v -> scenarioName = v)
            .positional()
            .type(String.class)
            .index("0")
            .arity("1")
            .required(true)
            .paramLabel("SCENARIO")
            .completionCandidates(new ScenarioNames())
            .description("one of: ${COMPLETION-CANDIDATES}")
            .build());
    port.declareIn(spec);
    stateNames.declareIn(spec);
    spec.addOption(
        new FieldBinding<Boolean>(() -> pause, v -> pause = v)
            .flag("--pause")
            .description(
                "after each snapshot, wait for Enter: time to look at the sockets with netstat or"
                    + " ss")
            .build());
    spec.addOption(
        new FieldBinding<Boolean>(() -> privateNetwork, v -> privateNetwork = v)
            .flag("--private-network")
            .description(
                "run in a network namespace of the lab's own (root): its own loopback, and its own"
                    + " socket table, which netlink polls much faster; netstat and ss outside do"
                    + " not see it")
            .build());
    observerOption.declareIn(spec);
    outputOptions.declareIn(spec);
  }

  /** {@code lab run}'s command line. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() throws IOException {
    outputs = outputOptions.open(spec, stateNames.names);
    Integer status;
    // Ctrl-C or SIGTERM mid-run, also between all-states' parts: abort the running part's sockets
    // so that none outlives the process, and say so: the last line was the run's own ("server:
    // stopped listening", "lab: passive-close passed"), as if it had ended.
    try (ExitHook stop = ExitHook.register("lab-run-stop", this::stopped)) {
      status = runAll();
    }
    outputs.finish();
    return status;
  }

  private void stopped() {
    ScenarioRunner runner = running;
    if (runner != null) {
      runner.abort();
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("lab: " + scenarioName + " stopped before its end; its sockets are closed");
    err.flush();
  }

  private Integer runAll() throws IOException {
    boolean allStates = scenarioName.equals(Scenarios.ALL_STATES);
    if (!allStates) {
      named(scenarioName);
    }
    int span = allStates ? Scenarios.ALL_STATES_PARTS.size() : 1;
    port.check(spec, span);
    out = outputs.textOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> noPrivateNetwork =
        privateNetwork ? PrivateNetwork.unavailableReason() : Optional.empty();
    if (noPrivateNetwork.isPresent()) {
      err.println("lab: --private-network: " + noPrivateNetwork.get());
      return ExitCode.CANNOT_RUN;
    }
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    try (SocketObserver observer = observerOption.open()) {
      out.println(observerOption.explanation());
      List<Scenario> scenarios =
          allStates ? ObserverOption.allStatesParts(observer) : List.of(named(scenarioName));
      if (allStates) {
        observer
            .whyNoBoundSockets()
            .ifPresent(
                why ->
                    out.println(
                        "CLOSED: "
                            + why
                            + ", so all-states skips closed and shows CLOSED as the moment a"
                            + " socket leaves the table"));
      } else {
        ObserverOption.checkCanShow(scenarios.getFirst(), observer);
      }
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < scenarios.size(); i++) {
        ports.add(port.portFor(scenarios.get(i), i, loopback));
      }
      if (scenarios.size() > 1 && !privateNetwork) {
        refuseBusyPorts(scenarios, ports, loopback);
      }
      List<RunResult> results = new ArrayList<>();
      for (int i = 0; i < scenarios.size(); i++) {
        Scenario scenario = scenarios.get(i);
        RunResult result = runOne(scenario, loopback, ports.get(i), observer);
        results.add(result);
        if (!result.passed()) {
          err.println(
              "lab: " + scenario.name() + " did not show what it promises: " + result.failure());
          return ExitCode.NOT_OBSERVED;
        }
      }
      if (scenarios.size() > 1) {
        StateChecklist checklist = new StateChecklist(results);
        printChecklist(checklist);
        outputs.checklist(checklist);
        if (!checklist.complete()) {
          err.println("lab: all-states did not see " + checklist.missing());
          return ExitCode.NOT_OBSERVED;
        }
        out.println("lab: all-states passed: all 11 states observed");
      }
      out.flush();
      return ExitCode.OK;
    } catch (LabException e) {
      if (!Stopping.started()) {
        err.println("lab: " + e.getMessage());
      }
      return ExitCode.CANNOT_RUN;
    }
  }

  /**
   * Fails before the first run when a later one would find its port taken: all-states takes seven
   * ports, and a clash on the last should not cost the user the six runs before it.
   */
  private static void refuseBusyPorts(
      List<Scenario> scenarios, List<Integer> ports, InetAddress address) throws LabException {
    for (int i = 0; i < scenarios.size(); i++) {
      if (scenarios.get(i).needsPrivateNetwork()) {
        continue; // its own namespace, its own ports
      }
      try (ServerSocketChannel probe = ServerSocketChannel.open()) {
        // As the scenario's listener binds: an earlier run's TIME_WAIT does not make it busy.
        probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        probe.bind(new InetSocketAddress(address, ports.get(i)));
      } catch (IOException e) {
        throw new LabException(
            "cannot listen on "
                + address.getHostAddress()
                + ":"
                + ports.get(i)
                + " for "
                + scenarios.get(i).name()
                + " ("
                + e.getMessage()
                + "); choose other ports with --port");
      }
    }
  }

  private Scenario named(String name) {
    return Scenarios.named(name)
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "unknown scenario '" + name + "'; 'lab list' shows them all"));
  }

  private RunListener shown(int chosenPort) {
    RunListener text =
        new TextRunListener(
            out, new NetstatFormatter(stateNames.names), chosenPort, outputs.originNanos());
    if (!pause) {
      return text;
    }
    if (keys == null) {
      keys = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    return RunListener.both(text, new SnapshotPause(keys, spec.commandLine().getErr()));
  }

  private RunResult runOne(
      Scenario scenario, InetAddress address, int chosenPort, SocketObserver observer)
      throws LabException {
    return new ScenarioPlacement(privateNetwork, observerOption)
        .run(
            scenario,
            observer,
            (placed, placedObserver, where) ->
                runObserved(placed, address, chosenPort, placedObserver, where),
            why -> out.printf("%nlab: %s%n", why));
  }

  private RunResult runObserved(
      Scenario scenario, InetAddress address, int chosenPort, SocketObserver observer, String where)
      throws LabException {
    out.printf(
        "%nlab run %s: %s%n  on %s:%d%s%n",
        scenario.name(), scenario.summary(), address.getHostAddress(), chosenPort, where);
    StateRecorder recorder = new StateRecorder(observer, chosenPort);
    ScenarioRunner runner =
        new ScenarioRunner(
            scenario,
            address,
            chosenPort,
            recorder,
            outputs.listener(scenario, chosenPort, observer.name(), shown(chosenPort)));
    RunResult result;
    running = runner;
    try {
      result = outputs.ran(runner.run());
    } finally {
      running = null;
    }
    printHistories(result);
    out.println("Observed, each state once, first seen first: " + observedStates(result));
    out.printf("(%d polls of the %s observer)%n", recorder.polls(), observer.name());
    if (result.passed()) {
      out.println("lab: " + scenario.name() + " passed");
    }
    out.flush();
    return result;
  }

  /**
   * The states in the order they were first seen, with commas, not arrows: several sockets make
   * them, so they are not one path. A promised CLOSED that a socket reached by leaving the table is
   * named as such, since no row ever said CLOSED.
   */
  private String observedStates(RunResult result) {
    List<String> states =
        new ArrayList<>(
            result.observed().stream().map(s -> s.displayName(stateNames.names)).toList());
    boolean closedPromised = result.scenario().demonstrates().contains(TcpState.CLOSED);
    if (closedPromised
        && !result.observed().contains(TcpState.CLOSED)
        && result.transitions().stream().anyMatch(t -> t.to() == null)) {
      // Not ss's UNCONN under --names linux: that names a bound socket, not one that is gone.
      states.add("CLOSED (left the table)");
    }
    return states.isEmpty() ? "nothing" : String.join(", ", states);
  }

  /**
   * One line per socket: every state it was seen in, when it began (ms since the command started,
   * as {@code t_ms} in the JSON lines) and the time spent in it.
   */
  private void printHistories(RunResult result) {
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
      line.append(String.format("[+%.1f ms] ", (t.nanos() - outputs.originNanos()) / 1e6));
      line.append(t.to() == null ? "gone (CLOSED)" : t.to().displayName(stateNames.names));
    }
    out.println("Per socket, as sampled ([+start ms] STATE (ms in it)):");
    int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
    lines.forEach((socket, states) -> out.printf("  %-" + width + "s  %s%n", socket, states));
  }

  private void printChecklist(StateChecklist checklist) {
    out.println();
    out.println("The eleven TCP states:");
    long start = outputs.originNanos();
    for (TcpState state : TcpState.DIAGRAM_ORDER) {
      String line =
          checklist
              .sighting(state)
              .map(
                  s ->
                      String.format(
                          "[x] %-13s %-19s %-45s at +%.1f ms%s",
                          s.byDisappearance() ? "CLOSED" : state.displayName(stateNames.names),
                          s.scenario(),
                          NetstatFormatter.address(s.transition().socket().local())
                              + " -> "
                              + NetstatFormatter.address(s.transition().socket().remote()),
                          (s.transition().nanos() - start) / 1e6,
                          s.byDisappearance() ? " (left the table)" : ""))
              .orElse(String.format("[ ] %-13s not seen", state.displayName(stateNames.names)));
      out.println("  " + line);
    }
  }

  /** Scenario names for help and shell completion. */
  static final class ScenarioNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> all = new ArrayList<>(Scenarios.all().stream().map(Scenario::name).toList());
      all.add(Scenarios.ALL_STATES);
      return all.iterator();
    }
  }
}
