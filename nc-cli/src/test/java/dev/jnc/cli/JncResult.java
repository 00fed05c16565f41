package dev.jnc.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One in-process run of {@code jnc}: its exit status and what it wrote, stdin empty.
 *
 * @param exit the exit status
 * @param out stdout
 * @param err stderr, one element per line
 */
record JncResult(int exit, String out, List<String> err) {

  static JncResult run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit =
          Jnc.run(
              Channels.newChannel(new java.io.ByteArrayInputStream(new byte[0])),
              Channels.newChannel(out),
              errStream,
              false,
              args);
    }
    return new JncResult(
        exit,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
