package dev.jnc.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The launchers' shell functions, one at a time: this worktree's {@code bin/jnc-env.sh} sourced by
 * the real {@code sh}, with stdin not a terminal.
 */
public final class LauncherFunctions {

  private LauncherFunctions() {}

  /**
   * Runs {@code script} after jnc-env.sh is sourced, with {@code args} as its positional parameters
   * and {@code environment} added to the shell's.
   *
   * @return what the script wrote to stdout and stderr
   */
  public static String run(Map<String, String> environment, String script, String... args)
      throws IOException, InterruptedException {
    return runAs(List.of(), environment, script, args);
  }

  /**
   * Runs the JDK the launchers find with the JVM options every launcher passes ({@code
   * JNC_JVM_OPTIONS}), then {@code arguments}, a piece of shell script ({@code -version}, {@code
   * -XX:+PrintFlagsFinal -version}), with {@code environment} added to the shell's.
   *
   * @return what the JVM and the rest of the script wrote to stdout and stderr
   */
  public static String runLaunchersJvm(Map<String, String> environment, String arguments)
      throws IOException, InterruptedException {
    return run(
        environment, "jnc_find_jdk; \"$JNC_JAVA_HOME/bin/java\" $JNC_JVM_OPTIONS " + arguments);
  }

  /**
   * As {@link #run}, with the shell started through {@code asUser} (say {@code setpriv
   * --reuid=nobody ... --}), or directly when it is empty.
   */
  public static String runAs(
      List<String> asUser, Map<String, String> environment, String script, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(asUser);
    command.addAll(
        List.of(
            "sh",
            "-c",
            ". \"$1/bin/jnc-env.sh\"; shift; " + script,
            "sh",
            Launcher.ROOT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    Process shell = builder.start();
    try {
      String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(shell.waitFor(20, TimeUnit.SECONDS)).as("the shell ended").isTrue();
      return out;
    } finally {
      shell.destroyForcibly();
    }
  }
}
