package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.cli.testing.ClassInitLog;
import dev.jnc.cli.testing.Launcher;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code bin/jnc} run, started from its AOT cache, opens its jars on the warm-up thread and
 * nowhere else: its selectors come from the JDK's provider, named before the first of them (nothing
 * searches the jars for another), and the jars the exit's logger lookup reads are opened while the
 * transfer is still under way. The JVM's class-initialisation log says which thread first did what.
 */
@Timeout(60)
@EnabledOnOs(OS.LINUX)
class ClassPathSearchIT {

  private static final String JAR_LOADER = "'jdk/internal/loader/URLClassPath$JarLoader'";

  @TempDir Path dir;

  @Test
  void theJarsAreOpenedOnTheWarmUpThreadAndTheJdksProviderIsNamed() throws Exception {
    Launcher.ensureBuilt();
    Path input = Files.write(dir.resolve("in.txt"), "hello\n".getBytes(StandardCharsets.US_ASCII));
    Path initLog = dir.resolve("init.log");
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ProcessBuilder builder =
          new ProcessBuilder(Launcher.jnc("127.0.0.1", String.valueOf(server.getLocalPort())))
              .redirectInput(input.toFile())
              .redirectOutput(dir.resolve("out").toFile())
              .redirectError(dir.resolve("err").toFile());
      ClassInitLog.logTo(builder, initLog);
      Process jnc = builder.start();
      try (Socket peer = server.accept()) {
        assertThat(peer.getInputStream().readAllBytes()).isEqualTo(Files.readAllBytes(input));
        // jnc waits for our end before it exits: until then only the warm-up may open the jars.
        await("the warm-up thread to open the jars")
            .atMost(Duration.ofSeconds(20))
            .until(() -> ClassInitLog.initialisedBy(initLog, JAR_LOADER) != null);
      } finally {
        assertThat(jnc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        jnc.destroyForcibly();
      }
      assertThat(jnc.exitValue()).isZero();
    }
    assertThat(ClassInitLog.initialisedBy(initLog, JAR_LOADER)).isEqualTo("jnc-warm-up");
    assertThat(ClassInitLog.initialisedBy(initLog, "'sun/nio/ch/EPollSelectorProvider'"))
        .isNotNull();
    assertThat(ClassInitLog.initialisedBy(initLog, "'sun/nio/ch/DefaultSelectorProvider'"))
        .as("the JDK's default provider holder, used only when no provider is named")
        .isNull();
  }
}
