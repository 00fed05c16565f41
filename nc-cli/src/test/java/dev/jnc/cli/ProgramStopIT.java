package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code kill} of a jnc running an {@code -e} program stops the program too. */
class ProgramStopIT {

  private static final Duration BOUND = Duration.ofSeconds(30);

  @Test
  @Timeout(90)
  void aProgramDoesNotOutliveAJncThatIsKilled() throws Exception {
    Launcher.ensureBuilt();
    try (RunningProcess jnc =
        RunningProcess.startWithOpenStdin(
            Launcher.jnc("-v", "-l", "-s", "127.0.0.1", "-p", "0", "-e", "/bin/sleep 60"), null)) {
      int port = jnc.awaitListeningPort(BOUND);
      try (SocketChannel client = SocketChannel.open(NoDataLostIT.loopback(port))) {
        ProcessHandle jvm = ProcessHandle.of(jnc.pid()).orElseThrow();
        List<ProcessHandle> programs =
            await("the program to start")
                .atMost(BOUND)
                .until(() -> jvm.children().toList(), children -> !children.isEmpty());

        jvm.destroy();

        assertThat(jnc.waitForExit(BOUND)).isEqualTo(143);
        await("the program to be stopped with jnc")
            .atMost(BOUND)
            .until(() -> programs.stream().noneMatch(ProcessHandle::isAlive));
      }
    }
  }
}
