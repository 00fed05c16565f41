package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Classes a run must not load or initialise, for what that costs each start. */
@Timeout(60)
class ClassLoadingIT {

  @TempDir Path dir;

  /** Piped stdin never goes through JLine. */
  @Test
  void aPipedTransferLoadsNoJLineClass() throws Exception {
    String loaded = transferLogging("-v");

    assertThat(Files.readString(dir.resolve("err"), StandardCharsets.UTF_8))
        .contains("jnc: 5 bytes sent, 0 bytes received in ");
    // The JDK's own copy (jdk.internal.org.jline, behind System.console()) is not ours.
    assertThat(loaded).contains("dev.jnc.cli.JncCommand").doesNotContain("] org.jline.");
  }

  /** On JDK 25 BigDecimal's class initialiser alone took 15-60 ms (SecondsConverter). */
  @Test
  void secondsAsPeopleWriteThemInitialiseNoBigDecimal() throws Exception {
    String log = transferLogging("-w", "5", "-q", "0.5", "-i", "0.001");

    assertThat(log)
        .contains("Initializing 'dev/jnc/cli/QuitSecondsConverter'")
        .doesNotContain("Initializing 'java/math/BigDecimal'");
  }

  /**
   * Runs jnc with {@code options} from its jars, its stdin a small file sent to a listener here,
   * and returns its log of the classes it loaded and initialised.
   */
  private String transferLogging(String... options) throws IOException, InterruptedException {
    Path target = Launcher.ROOT.resolve("nc-cli/target");
    String classPath;
    try (var jars = Files.list(target)) {
      classPath =
          jars.filter(p -> p.getFileName().toString().matches("nc-cli-.*\\.jar"))
                  .findFirst()
                  .orElseThrow()
              + File.pathSeparator
              + target.resolve("lib/*");
    }
    Path input = Files.write(dir.resolve("in.bin"), new byte[] {0, 1, 2, (byte) 0xff, '\n'});
    Path classLog = dir.resolve("classes.log");
    String java = ProcessHandle.current().info().command().orElseThrow();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<String> command =
          new ArrayList<>(
              List.of(
                  java,
                  "-Xlog:class+load=info,class+init=info:file=" + classLog,
                  "-cp",
                  classPath));
      command.add("dev.jnc.cli.Jnc");
      command.addAll(List.of(options));
      command.addAll(List.of("127.0.0.1", String.valueOf(server.getLocalPort())));
      Process jnc =
          new ProcessBuilder(command)
              .redirectInput(input.toFile())
              .redirectOutput(dir.resolve("out").toFile())
              .redirectError(dir.resolve("err").toFile())
              .start();
      try (Socket peer = server.accept()) {
        assertThat(peer.getInputStream().readAllBytes()).isEqualTo(Files.readAllBytes(input));
      } finally {
        assertThat(jnc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        jnc.destroyForcibly();
      }
      assertThat(jnc.exitValue()).isZero();
    }
    return Files.readString(classLog, StandardCharsets.UTF_8);
  }
}
