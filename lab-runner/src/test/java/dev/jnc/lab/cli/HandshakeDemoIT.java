package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code bin/lab run handshake-demo} as a user runs it: a real process through the launcher. */
@Timeout(180)
class HandshakeDemoIT {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void theLauncherRunsTheSeedsExperimentAndExitsZero() throws Exception {
    Path stdout = Files.createTempFile("lab", ".out");
    Path stderr = Files.createTempFile("lab", ".err");
    Process lab =
        new ProcessBuilder(
                ROOT.resolve("bin/lab").toString(), "run", "handshake-demo", "--port", "0")
            .directory(ROOT.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      assertThat(lab.waitFor(120, TimeUnit.SECONDS)).as("lab finished").isTrue();
      String out = Files.readString(stdout, StandardCharsets.UTF_8);
      assertThat(lab.exitValue()).as("exit status; stderr: %s", Files.readString(stderr)).isZero();
      assertThat(out.lines().filter(l -> l.startsWith("           TCP ")))
          .as("netstat-style rows")
          .anyMatch(l -> l.endsWith("LISTENING"))
          .anyMatch(l -> l.endsWith("ESTABLISHED"))
          .anyMatch(l -> l.endsWith("TIME_WAIT"));
      assertThat(out).contains("lab: handshake-demo passed");
    } finally {
      lab.destroyForcibly();
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
