package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/lab}'s start: picocli, on every command's path, comes linked from the AOT cache the
 * package made, and no annotation is read. picocli's own jar holds Java 5 class files, which the
 * cache refuses; the build puts a copy compiled for Java 25 in {@code target/lib} (the parent pom's
 * {@code picocli-for-the-aot-cache}).
 */
@Timeout(120)
class LabStartIT {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  /** How a line of the JVM's class+load log ("NAME source: WHERE") ends for a cached class. */
  private static final String FROM_THE_CACHE = " source: shared objects file";

  @TempDir Path dir;

  @Test
  void picocliComesFromTheCacheThePackageMade() throws Exception {
    assumeFalse(Boolean.getBoolean("jnc.aot.skip"), "packaged with -Djnc.aot.skip");
    // bin/lab passes over a cache older than its jar: JDK 25.0.3 would run the cache's classes.
    Path target = ROOT.resolve("lab-runner/target");
    Path cache = target.resolve("lab-runner.aot");
    assertThat(cache).isRegularFile();
    try (var jars = Files.newDirectoryStream(target, "lab-runner-*.jar")) {
      for (Path jar : jars) {
        assertThat(Files.getLastModifiedTime(cache))
            .as("the cache's time against %s's", jar.getFileName())
            .isGreaterThanOrEqualTo(Files.getLastModifiedTime(jar));
      }
    }

    Path log = dir.resolve("class-load.log");
    Path out = dir.resolve("lab.out");
    int exit = run(out, "-Xlog:class+load:file=" + log, ROOT.resolve("bin/lab").toString(), "list");

    assertThat(exit).as("lab list; output: %s", Files.readString(out)).isZero();
    assertThat(Files.readString(out)).contains("handshake-demo");
    List<String> picocli =
        Files.readAllLines(log).stream().filter(line -> line.contains("] picocli.")).toList();
    assertThat(picocli)
        .as("picocli's classes that lab list loaded")
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).endsWith(FROM_THE_CACHE));
  }

  /**
   * The headline's own classes (scenario, observer, report) come from the cache too: trained on
   * {@code lab list} alone, it left them to the jars ({@code LabAotTraining}).
   */
  @Test
  void aScenarioRunsOnClassesFromTheCache() throws Exception {
    assumeFalse(Boolean.getBoolean("jnc.aot.skip"), "packaged with -Djnc.aot.skip");
    Path log = dir.resolve("class-load-run.log");
    Path out = dir.resolve("lab-run.out");
    int exit =
        run(
            out,
            "-Xlog:class+load:file=" + log,
            ROOT.resolve("bin/lab").toString(),
            "run",
            "--port",
            "0",
            "--observer",
            "netlink",
            "handshake-demo");

    assertThat(exit).as("lab run; output: %s", Files.readString(out)).isZero();
    List<String> loaded = Files.readAllLines(log);
    for (String name :
        List.of(
            "dev.jnc.lab.scenario.ScenarioRunner",
            "dev.jnc.lab.scenario.Endpoints",
            "dev.jnc.lab.observe.NetlinkObserver",
            "dev.jnc.core.tcp.TcpAcceptor")) {
      assertThat(loaded)
          .as("how lab run loaded %s", name)
          .anyMatch(line -> line.contains("] " + name + " "))
          .filteredOn(line -> line.contains("] " + name + " "))
          .allSatisfy(line -> assertThat(line).endsWith(FROM_THE_CACHE));
    }
    // Before, 805 classes came from elsewhere; now what the foreign-function API generates at run
    // time, which no cache keeps, and a few more.
    assertThat(loaded.stream().filter(line -> !line.endsWith(FROM_THE_CACHE)).count())
        .as("classes lab run loaded from outside the cache")
        .isLessThan(300);
  }

  /** bin/lab's JVM does not replay the training's compilations (JNC_LAB_OPTIONS) and keeps C1. */
  @Test
  void theLauncherStartsWithoutReplayingTheTrainingsCompilations() throws Exception {
    Path out = dir.resolve("lab-flags.out");
    int exit = run(out, "-XX:+PrintFlagsFinal", ROOT.resolve("bin/lab").toString(), "list");

    assertThat(exit).as("lab list; output: %s", Files.readString(out)).isZero();
    List<String> flags = Files.readAllLines(out);
    assertThat(flags)
        .anyMatch(line -> line.matches("\\s*bool AOTReplayTraining\\s+= false\\s.*"))
        .anyMatch(line -> line.matches("\\s*intx TieredStopAtLevel\\s+= 1\\s.*"));
  }

  /**
   * No annotation is read on the way to a command: the JDK would make a proxy class for each
   * annotation type, at run time, which the AOT cache cannot keep ({@link LabCommandModel}).
   */
  @Test
  void aCommandStartsWithoutReadingAnnotations() throws Exception {
    for (String command : new String[] {"list", "--help", "help"}) {
      Path log = dir.resolve("class-load-" + command + ".log");
      Path out = dir.resolve("lab-" + command + ".out");
      int exit =
          run(out, "-Xlog:class+load:file=" + log, ROOT.resolve("bin/lab").toString(), command);

      assertThat(exit).as("lab %s; output: %s", command, Files.readString(out)).isZero();
      assertThat(Files.readAllLines(log))
          .as("classes lab %s loaded", command)
          .anyMatch(line -> line.contains("] dev.jnc.lab.cli.LabCommandModel "))
          .noneMatch(line -> line.endsWith(" source: __dynamic_proxy__"));
    }
  }

  /** Runs a command in the checkout, its output (both streams) in {@code output}. */
  private static int run(Path output, String jvmOptions, String... command) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().put("JAVA_TOOL_OPTIONS", jvmOptions);
    Process process = builder.start();
    try {
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
      return process.exitValue();
    } finally {
      process.destroyForcibly();
    }
  }
}
