package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.LauncherFunctions;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/jnc} runs its JVM with one malloc arena ({@code MALLOC_ARENA_MAX=1}), unless
 * the user chose otherwise, and a program that {@code -e} runs gets the environment the user gave
 * jnc, not the launcher's setting. The program reports its own variable and its parent's, the
 * JVM's, from {@code /proc}.
 */
@Timeout(60)
@EnabledOnOs(OS.LINUX)
class MallocArenaIT {

  @TempDir Path dir;

  @Test
  void theJvmHasOneArenaAndTheProgramTheUsersEnvironment() throws Exception {
    assertThat(programReport(Map.of()))
        .containsExactly("program: unset", "jvm: MALLOC_ARENA_MAX=1", "port: set");
  }

  @Test
  void anArenaCountTheUserSetReachesBoth() throws Exception {
    assertThat(programReport(Map.of("MALLOC_ARENA_MAX", "4")))
        .containsExactly("program: 4", "jvm: MALLOC_ARENA_MAX=4", "port: set");
  }

  @Test
  void glibcTunablesThatNameTheArenasLeaveThemToGlibc() throws Exception {
    String tunables = "glibc.malloc.arena_max=2";

    String set =
        LauncherFunctions.run(
            Map.of("GLIBC_TUNABLES", tunables),
            "jnc_one_malloc_arena; printf '%s|%s' \"${MALLOC_ARENA_MAX-unset}\""
                + " \"$JNC_MALLOC_OPTIONS\"");

    assertThat(set).isEqualTo("unset|");
  }

  /** The lines a {@code -e} program wrote to the connection jnc made to us. */
  private List<String> programReport(Map<String, String> environment) throws Exception {
    Launcher.ensureBuilt();
    Path program = dir.resolve("report.sh");
    Files.writeString(
        program,
        """
        #!/bin/sh
        echo "program: ${MALLOC_ARENA_MAX-unset}"
        echo "jvm: $(tr '\\0' '\\n' </proc/$PPID/environ | grep '^MALLOC_ARENA_MAX=' || echo unset)"
        echo "port: ${JNC_REMOTE_PORT:+set}"
        """);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ProcessBuilder builder =
          new ProcessBuilder(
                  Launcher.jnc(
                      "-e", program.toString(), "127.0.0.1", String.valueOf(server.getLocalPort())))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(dir.resolve("out").toFile())
              .redirectError(dir.resolve("err").toFile());
      Map<String, String> env = builder.environment();
      env.remove("MALLOC_ARENA_MAX");
      env.remove("GLIBC_TUNABLES");
      env.putAll(environment);
      Process jnc = builder.start();
      try (Socket peer = server.accept()) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        peer.getInputStream().transferTo(received);
        assertThat(jnc.waitFor(30, TimeUnit.SECONDS)).as("jnc ended").isTrue();
        assertThat(jnc.exitValue()).as("exit status, stderr: %s", stderr()).isZero();
        return received.toString(StandardCharsets.UTF_8).lines().toList();
      } finally {
        jnc.destroyForcibly();
      }
    }
  }

  private String stderr() throws IOException {
    return Files.readString(dir.resolve("err"));
  }
}
