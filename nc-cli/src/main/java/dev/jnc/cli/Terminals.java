package dev.jnc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stderr or stdout is a terminal, which the JDK does not say ({@code System.console()} is
 * stdin/stdout).
 */
final class Terminals {

  private Terminals() {}

  /** Linux only: elsewhere the answer is no, and the automatic progress line stays off. */
  static boolean stderrIsTerminal() {
    return isTerminal(2);
  }

  /** Where the received data goes: a meter drawn on the same screen would cut into it. */
  static boolean stdoutIsTerminal() {
    return isTerminal(1);
  }

  private static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }
}
