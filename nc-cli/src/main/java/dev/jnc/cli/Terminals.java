package dev.jnc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stderr is a terminal, which the JDK does not say ({@code System.console()} is
 * stdin/stdout).
 */
final class Terminals {

  private Terminals() {}

  /** Linux only: elsewhere the answer is no, and the automatic progress line stays off. */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }
}
