package dev.jnc.lab.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Checks, for tests in any package, that a trace session left nothing behind in tracefs. */
public final class TraceLeftovers {

  private TraceLeftovers() {}

  /**
   * Asserts that the instance at {@code instance} (as the explanation line names it) is gone, and
   * the private tracefs mount it was made in, if it was one.
   */
  public static void assertGone(Path instance) throws IOException {
    Path mountPoint = instance.getParent().getParent();
    if (mountPoint.getFileName().toString().startsWith("lab-tracefs-")) {
      assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
          .as("the private tracefs mount is gone")
          .noneMatch(l -> l.contains(" " + mountPoint + " "));
      assertThat(mountPoint).as("the private mount point is removed").doesNotExist();
    }
    assertThat(instances())
        .as("tracefs instances")
        .doesNotContain(instance.getFileName().toString());
  }

  /** The names of every tracefs instance now, through a mount of our own if need be. */
  public static List<String> instances() throws IOException {
    try (Tracefs tracefs = Tracefs.open()) {
      String[] names = tracefs.root().resolve("instances").toFile().list();
      return names == null ? List.of() : Arrays.asList(names);
    }
  }
}
