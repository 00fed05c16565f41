package dev.jnc.lab.cli;

import dev.jnc.lab.scenario.Scenario;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code --port}, shared by the subcommands that run scenarios. */
final class ScenarioPortOption {

  private Integer port;

  /** Declares {@code --port} in {@code command}, stored here. */
  void declareIn(CommandSpec command) {
    command.addOption(
        new FieldBinding<Integer>(() -> port, v -> port = v)
            .option("--port")
            .type(Integer.class)
            .paramLabel("N")
            .description(
                "port to use instead of the scenario's own (6666 for handshake-demo); 0 for any"
                    + " free port; all-states uses N, N+1, ...")
            .build());
  }

  /**
   * Refuses a port from which {@code runs} runs would not all find one: all-states takes N, N+1,
   * and so on, and the last must still be a port.
   */
  void check(CommandSpec spec, int runs) {
    if (port == null || (port >= 0 && port + runs - 1 <= 65535)) {
      return;
    }
    String range = runs == 1 ? "must be 1-65535, or 0" : "must be 1-" + (65536 - runs) + ", or 0";
    throw new ParameterException(
        spec.commandLine(),
        "invalid port " + port + ": " + range + (runs == 1 ? "" : " (" + runs + " runs)"));
  }

  /** The port for the {@code index}th run, {@code scenario}. */
  int portFor(Scenario scenario, int index, InetAddress loopback) throws IOException {
    if (port == null) {
      return scenario.defaultPort();
    }
    if (port == 0) {
      try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
        return probe.getLocalPort();
      }
    }
    return port + index;
  }
}
