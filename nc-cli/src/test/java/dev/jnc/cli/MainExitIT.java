package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.ClassInitLog;
import dev.jnc.cli.testing.Launcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code bin/jnc} run that succeeds ends without the exit's logger (its main returns); one
 * that fails still ends through {@link System#exit}, with its status. The class-initialisation log
 * tells which way it went: only the exit's log readies the JDK's logger.
 */
@Timeout(60)
@EnabledOnOs(OS.LINUX)
class MainExitIT {

  private static final String EXIT_LOGGER = "'jdk/internal/logger/BootstrapLogger'";

  @TempDir Path dir;

  @Test
  void aProbeThatFindsThePortOpenEndsWithoutTheExitsLogger() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path log = dir.resolve("open.log");
      assertThat(probe(server.getLocalPort(), log)).isZero();
      assertThat(ClassInitLog.initialisedBy(log, "'dev/jnc/cli/MainExit'")).isEqualTo("main");
      assertThat(ClassInitLog.initialisedBy(log, EXIT_LOGGER)).isNull();
    }
  }

  @Test
  void aProbeThatIsRefusedEndsThroughSystemExitWithItsStatus() throws Exception {
    int closed;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = server.getLocalPort();
    }
    Path log = dir.resolve("refused.log");
    assertThat(probe(closed, log)).isEqualTo(ExitCode.NETWORK);
    assertThat(ClassInitLog.initialisedBy(log, EXIT_LOGGER)).isEqualTo("main");
  }

  private int probe(int port, Path initLog) throws IOException, InterruptedException {
    Launcher.ensureBuilt();
    ProcessBuilder builder =
        new ProcessBuilder(Launcher.jnc("-z", "127.0.0.1", String.valueOf(port)))
            .redirectOutput(dir.resolve("out").toFile())
            .redirectError(dir.resolve("err").toFile());
    ClassInitLog.logTo(builder, initLog);
    Process jnc = builder.start();
    try {
      assertThat(jnc.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return jnc.exitValue();
    } finally {
      jnc.destroyForcibly();
    }
  }
}
