package dev.jnc.cli.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a JVM's class-initialisation log ({@code -Xlog:class+init=info:file=...}). */
public final class ClassInitLog {

  private ClassInitLog() {}

  /**
   * Has the JVM that {@code builder} starts write its class-initialisation log to {@code log},
   * through {@code JAVA_TOOL_OPTIONS} so that a launcher passes it on; returns {@code builder}.
   */
  public static ProcessBuilder logTo(ProcessBuilder builder, Path log) {
    builder.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+init=info:file=" + log);
    return builder;
  }

  /**
   * The thread that initialised {@code quotedClass} ({@code 'java/lang/Object'}, as the log writes
   * it) in {@code log}, or null if none did or the log is not there yet.
   */
  public static String initialisedBy(Path log, String quotedClass) throws IOException {
    if (!Files.exists(log)) {
      return null;
    }
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      int at = line.indexOf("Initializing " + quotedClass);
      if (at >= 0) {
        int thread = line.indexOf("by thread \"", at);
        return line.substring(thread + "by thread \"".length(), line.lastIndexOf('"'));
      }
    }
    return null;
  }
}
