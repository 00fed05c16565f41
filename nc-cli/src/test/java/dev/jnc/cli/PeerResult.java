package dev.jnc.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a real netcat ({@code nc.traditional}, {@code nc.openbsd}) with stdin from the null
 * device; the test is skipped where the peer is not installed.
 */
record PeerResult(int exit, List<String> err) {

  static final String TRADITIONAL = "/bin/nc.traditional";
  static final String OPENBSD = "/bin/nc.openbsd";

  static PeerResult run(String binary, String... args) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of(binary)), binary + " is not installed");
    List<String> command = new ArrayList<>(List.of(binary));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      byte[] err = process.getErrorStream().readAllBytes();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new AssertionError(binary + " did not exit");
      }
      return new PeerResult(
          process.exitValue(), new String(err, StandardCharsets.UTF_8).lines().toList());
    } finally {
      process.destroyForcibly();
    }
  }
}
