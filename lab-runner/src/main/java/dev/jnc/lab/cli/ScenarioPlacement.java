package dev.jnc.lab.cli;

import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.scenario.LabException;
import dev.jnc.lab.scenario.PrivateNetwork;
import dev.jnc.lab.scenario.Scenario;
import dev.jnc.lab.scenario.Scenarios;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Where a scenario runs: on the shared loopback, or in a network namespace of the lab's own when
 * the scenario needs one (a slowed loopback) or {@code --private-network} asks for it. Without the
 * namespace (not root), a scenario that needs one runs in its shared-loopback form, which shows
 * less, and the caller is told why. {@code lab run} and {@code lab diagram} place runs alike.
 */
final class ScenarioPlacement {

  /** One observed run of a scenario, wherever it was placed, and what it gives back. */
  interface ObservedRun<T> {
    /**
     * @param observer the observer to use: one opened inside the namespace when there is one
     * @param where how to tell the place, appended to the run's header ("" on the shared loopback)
     */
    T run(Scenario scenario, SocketObserver observer, String where) throws LabException;
  }

  private final boolean privateNetwork;
  private final ObserverOption observerOption;

  ScenarioPlacement(boolean privateNetwork, ObserverOption observerOption) {
    this.privateNetwork = privateNetwork;
    this.observerOption = observerOption;
  }

  /**
   * Runs {@code scenario} where it belongs.
   *
   * @param observer the observer of the shared loopback
   * @param fallback told why a scenario that needs the namespace runs on the shared loopback
   */
  <T> T run(
      Scenario scenario, SocketObserver observer, ObservedRun<T> body, Consumer<String> fallback)
      throws LabException {
    if (!scenario.needsPrivateNetwork() && !privateNetwork) {
      return body.run(scenario, observer, "");
    }
    Optional<String> missing = PrivateNetwork.unavailableReason();
    if (missing.isPresent()) {
      // The scenario first: the reason ends with a way out, which would otherwise read as the
      // cause of the fallback.
      fallback.accept(
          scenario.name() + " runs on the shared loopback and shows less: " + missing.get());
      return body.run(Scenarios.onSharedLoopback(scenario), observer, "");
    }
    try {
      return PrivateNetwork.run(
          "lab-" + scenario.name(),
          () -> {
            // The observer outside cannot see the namespace's sockets: one of its kind, opened
            // inside.
            try (SocketObserver inside = observerOption.open()) {
              return body.run(scenario, inside, insideWhere());
            }
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted");
    }
  }

  private static String insideWhere() {
    OptionalInt buckets = PrivateNetwork.ownSocketTableBuckets();
    return buckets.isPresent()
        ? " (in a private network namespace: its own loopback and a socket table of "
            + buckets.getAsInt()
            + " buckets)"
        : " (in a private network namespace: its own loopback)";
  }
}
