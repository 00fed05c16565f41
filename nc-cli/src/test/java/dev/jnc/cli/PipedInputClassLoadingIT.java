package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Piped stdin never goes through JLine: a piped run does not even load a JLine class. */
@Timeout(60)
class PipedInputClassLoadingIT {

  @TempDir Path dir;

  @Test
  void aPipedTransferLoadsNoJLineClass() throws Exception {
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
      Process jnc =
          new ProcessBuilder(
                  java,
                  "-Xlog:class+load=info:file=" + classLog,
                  "-cp",
                  classPath,
                  "dev.jnc.cli.Jnc",
                  "-v",
                  "127.0.0.1",
                  String.valueOf(server.getLocalPort()))
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
    assertThat(Files.readString(dir.resolve("err"), StandardCharsets.UTF_8))
        .contains("jnc: 5 bytes sent, 0 bytes received in ");
    String loaded = Files.readString(classLog, StandardCharsets.UTF_8);
    // The JDK's own copy (jdk.internal.org.jline, behind System.console()) is not ours.
    assertThat(loaded).contains("dev.jnc.cli.JncCommand").doesNotContain("] org.jline.");
  }
}
