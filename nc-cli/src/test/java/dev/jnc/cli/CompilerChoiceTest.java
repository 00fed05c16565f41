package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which runs {@code bin/jnc} starts without the JIT compiler: a {@code -z} probe of single ports,
 * short enough that the compiler costs more than it saves. The launchers' function, run by the real
 * shell.
 */
@Timeout(30)
class CompilerChoiceTest {

  @ParameterizedTest(name = "jnc {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-z 127.0.0.1 80            | -XX:TieredStopAtLevel=0",
        "-zv example.org 80 443     | -XX:TieredStopAtLevel=0",
        "-vz -w 2 127.0.0.1 http    | -XX:TieredStopAtLevel=0",
        "-n -z ::1 22               | -XX:TieredStopAtLevel=0",
        "-z 127.0.0.1 1-65535       | ''",
        "-zv 127.0.0.1 20-25 80     | ''",
        "127.0.0.1 80               | ''",
        "-l -p 6666                 | ''",
        "-v --progress 127.0.0.1 80 | ''",
      })
  void onlyAProbeOfSinglePortsRunsWithoutTheCompiler(String args, String options) throws Exception {
    assertThat(chosenFor(args.trim().split(" +"))).isEqualTo(options);
  }

  private static String chosenFor(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                ". \"$1/bin/jnc-env.sh\"; shift; jnc_compiler_options \"$@\";"
                    + " printf %s \"$JNC_COMPILER_OPTIONS\"",
                "sh",
                Launcher.ROOT.toString()));
    command.addAll(List.of(args));
    Process shell =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(shell.waitFor(20, TimeUnit.SECONDS)).as("the shell ended").isTrue();
    return out;
  }
}
