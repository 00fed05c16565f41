package dev.jnc.lab.cli;

import java.io.Console;
import java.util.Map;

/** Whether to colour what we print: only on a terminal, never with {@code NO_COLOR} set. */
final class TerminalColour {

  private TerminalColour() {}

  static boolean supported(Map<String, String> env) {
    Console console = System.console();
    return allowed(env) && console != null && console.isTerminal();
  }

  /** The environment's say, whatever stdout is: {@code NO_COLOR} (any value) and dumb terminals. */
  static boolean allowed(Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    return !"dumb".equals(env.get("TERM"));
  }
}
