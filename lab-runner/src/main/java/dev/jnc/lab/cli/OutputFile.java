package dev.jnc.lab.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file a command writes once its runs are done ({@code --report}, {@code --svg}), checked before
 * the first run, so that a typo does not cost the user a whole {@code all-states} run.
 */
final class OutputFile {

  private OutputFile() {}

  /** Why {@code file} could not be written, or {@code null}. */
  static String problem(Path file) {
    if (file.toString().isEmpty()) {
      return "no file name";
    }
    if (file.toString().equals("-")) {
      // Not standard output: that carries the run's text or its JSON lines already.
      return "this goes to a file, not to standard output";
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return "no such directory";
    }
    if (Files.isDirectory(file)) {
      return "it is a directory";
    }
    if (!Files.isWritable(Files.exists(file) ? file : parent)) {
      return "Permission denied";
    }
    return null;
  }
}
