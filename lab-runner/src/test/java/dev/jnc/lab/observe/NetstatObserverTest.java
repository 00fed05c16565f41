package dev.jnc.lab.observe;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Runs the real {@code netstat} of this OS (net-tools on Linux). */
class NetstatObserverTest extends ObserverContract {

  @Override
  protected SocketObserver openObserver() throws IOException {
    assumeTrue(onPath("netstat"), "netstat is not installed (Debian: apt-get install net-tools)");
    return NetstatObserver.forThisOs();
  }

  @Override
  protected boolean reportsInodes() {
    return false;
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
