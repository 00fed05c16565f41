package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.LauncherFunctions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The launchers' JVM does not wait at its exit for threads still in native code (a select, a read
 * of stdin), which made every exit on a signal 0.3 s late. The JDK's own account of its flags, so
 * that a misspelt option, which the launchers' -XX:+IgnoreUnrecognizedVMOptions would pass over,
 * fails here.
 */
@Timeout(30)
class ExitWaitTest {

  @Test
  void theLaunchersJvmLeavesWithoutWaitingForThreadsInNativeCode() throws Exception {
    String flags = LauncherFunctions.runLaunchersJvm(Map.of(), "-XX:+PrintFlagsFinal -version");

    assertThat(flags)
        .containsPattern("UserThreadWaitAttemptsAtExit += 0 +\\{product} \\{command line}");
  }
}
