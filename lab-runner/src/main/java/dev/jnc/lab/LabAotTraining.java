package dev.jnc.lab;

import dev.jnc.core.LastResort;
import dev.jnc.lab.cli.ExitCode;
import dev.jnc.lab.lifecycle.Stopping;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The training run for {@code bin/lab}'s ahead-of-time cache ({@code -XX:AOTCacheOutput}), run at
 * package time: the commands a lab user starts with, so that their classes come linked from the
 * cache at every later start. A cache trained on {@code lab list} alone left 805 classes of a
 * {@code lab run handshake-demo} to be loaded from the jars and the JDK's image (the
 * foreign-function API that netlink links, the scenarios, the observers, the report); trained here,
 * 131, nearly all of them code that the foreign-function API generates and no cache keeps. 20
 * interleaved rounds: handshake-demo 426 -> 320 ms (root, trace observer), with {@code --observer
 * netlink} 321 -> 252 ms, {@code lab run --help} 114 -> 98 ms; {@code lab list}, which now maps the
 * larger cache, 67 -> 76 ms. Not part of {@code lab} itself.
 *
 * <p>The scenarios run on a free port ({@code --port 0}), so a build never meets a user's server on
 * 6666. A run that fails here only leaves its classes out of the cache: the training always ends
 * with status 0, or the launchers would get no cache at all.
 */
public final class LabAotTraining {

  private LabAotTraining() {}

  public static void main(String[] args) {
    // As Lab.main starts.
    LastResort.install("lab", System.err, ExitCode.CANNOT_RUN);
    Stopping.watch();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Lab.run(quiet, quiet, "list");
    // The observer the headline picks here (trace as root, which also takes netlink snapshots),
    // then netlink's own polling, the choice of every user who is not root.
    Lab.run(quiet, quiet, "run", "--port", "0", "handshake-demo");
    Lab.run(quiet, quiet, "run", "--port", "0", "--observer", "netlink", "handshake-demo");
    Lab.run(quiet, quiet, "run", "--help");
    // Through System.exit, as lab ends: its shutdown path is in the cache too.
    System.exit(0);
  }
}
