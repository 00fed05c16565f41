package dev.jnc.lab.scenario;

import dev.jnc.lab.observe.ObserverChoice;
import dev.jnc.lab.observe.ObserverFactory;
import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.record.StateRecorder;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Runs a scenario the way an unprivileged user's {@code lab run} does: netlink, 127.0.0.1. */
final class NetlinkRuns {

  static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

  private NetlinkRuns() {}

  static RunResult run(Scenario scenario, int port, RunListener listener) throws Exception {
    try (SocketObserver observer = ObserverFactory.open(ObserverChoice.NETLINK).observer()) {
      return new ScenarioRunner(
              scenario, LOOPBACK, port, new StateRecorder(observer, port), listener)
          .run();
    }
  }

  /** On a port the kernel just handed out and took back: nobody else's leftovers on it. */
  static RunResult run(Scenario scenario) throws Exception {
    return run(scenario, freePort(), new RunListener() {});
  }

  static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      return probe.getLocalPort();
    }
  }
}
