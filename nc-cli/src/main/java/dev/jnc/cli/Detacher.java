package dev.jnc.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -d}: runs the same command line again in a new JVM with no terminal (input from the null
 * device, output to it), and lets the caller exit. Java cannot fork, so this is how a JVM program
 * "backgrounds" itself. Where {@code setsid} exists the child also leaves our session, so closing
 * the terminal does not hang it up.
 */
final class Detacher {

  /** Set in the child so that it runs instead of detaching again. */
  static final String CHILD_PROPERTY = "jnc.detached";

  private Detacher() {}

  static boolean isDetachedChild() {
    return Boolean.getBoolean(CHILD_PROPERTY);
  }

  /**
   * Starts the detached copy.
   *
   * @param args the original command line, {@code -d} included: the child ignores it
   * @return the child's process id
   */
  static long launch(List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    Path setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) {
      command.add(setsid.toString());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-D" + CHILD_PROPERTY + "=true");
    command.addAll(jvmOptions());
    command.add(Jnc.class.getName());
    command.addAll(args);
    boolean windows = System.getProperty("os.name").startsWith("Windows");
    Process process =
        new ProcessBuilder(command)
            .redirectInput(new File(windows ? "NUL" : "/dev/null"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    return process.pid();
  }

  /**
   * The options this JVM was started with, where the system tells them (the launchers' native
   * access, AOT cache and collector); else the class path and native access. Without native access
   * the detached copy had no FIFO for {@code -e}, and lost what a program's children wrote after it
   * exited.
   */
  private static List<String> jvmOptions() {
    List<String> ours = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
    int main = ours.indexOf(Jnc.class.getName());
    if (main >= 0) {
      return ours.subList(0, main);
    }
    return List.of(
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"));
  }
}
