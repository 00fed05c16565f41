package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.LauncherFunctions;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which runs {@code bin/jnc} starts without the JIT compiler: those that are short or wait on the
 * kernel. Runs that work per byte, per datagram or per port keep it, and so do servers that serve
 * connection after connection, and help, which lays out text. A UDP listener also compiles, as it
 * starts, what the AOT cache's training compiled. The launchers' functions, run by the real shell
 * with stdin not a terminal.
 */
@Timeout(30)
class CompilerChoiceTest {

  @ParameterizedTest(name = "jnc {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-z 127.0.0.1 80               | -XX:TieredStopAtLevel=0",
        "-zv example.org 80 443        | -XX:TieredStopAtLevel=0",
        "-vz -w 2 127.0.0.1 http       | -XX:TieredStopAtLevel=0",
        "-n -z ::1 22                  | -XX:TieredStopAtLevel=0",
        "127.0.0.1 80                  | -XX:TieredStopAtLevel=0",
        "-l -p 6666                    | -XX:TieredStopAtLevel=0",
        "-v --progress 127.0.0.1 80    | -XX:TieredStopAtLevel=0",
        "-z 127.0.0.1 1-65535          | ''",
        "-zv 127.0.0.1 20-25 80        | ''",
        "-u 127.0.0.1 53               | ''",
        "-lu -p 5000                   | ''",
        "-o dump.hex 127.0.0.1 80      | ''",
        "-c 127.0.0.1 25               | ''",
        "-C 127.0.0.1 25               | ''",
        "-t 127.0.0.1 23               | ''",
        "-i 1 127.0.0.1 80             | ''",
        "-L -p 6666 -e /bin/cat        | ''",
        "-lk -p 6666                   | ''",
        "-k -l 127.0.0.1 6666          | ''",
        "-h                            | ''",
        "--help                        | ''",
        "--datagram-size 512 -z h 9    | -XX:TieredStopAtLevel=0",
      })
  void runsThatWaitOnTheKernelStartWithoutTheCompiler(String args, String options)
      throws Exception {
    assertThat(chosenFor(args.trim().split(" +"))).isEqualTo(options);
  }

  @ParameterizedTest(name = "jnc {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-u -l -p 5000                 | -XX:+AOTReplayTraining",
        "-lu -p 5000                   | -XX:+AOTReplayTraining",
        "-ulvp 5000                    | -XX:+AOTReplayTraining",
        "-L -u -p 5000 -e /bin/cat     | -XX:+AOTReplayTraining",
        "-u 127.0.0.1 53               | -XX:-AOTReplayTraining",
        "-l -p 6666                    | -XX:-AOTReplayTraining",
        "-z 127.0.0.1 80               | -XX:-AOTReplayTraining",
        "-zu 127.0.0.1 53              | -XX:-AOTReplayTraining",
        "--datagram-size 512 -l -p 9   | -XX:-AOTReplayTraining",
      })
  void udpListenersCompileWhatTrainingCompiledAsTheyStart(String args, String option)
      throws Exception {
    assertThat(
            LauncherFunctions.run(
                Map.of(),
                "jnc_replay_options \"$@\"; printf %s \"$JNC_REPLAY_OPTIONS\"",
                args.trim().split(" +")))
        .isEqualTo(option);
  }

  private static String chosenFor(String... args) throws Exception {
    return LauncherFunctions.run(
        Map.of(), "jnc_compiler_options \"$@\"; printf %s \"$JNC_COMPILER_OPTIONS\"", args);
  }
}
