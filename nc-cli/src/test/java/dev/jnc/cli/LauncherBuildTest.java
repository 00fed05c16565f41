package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.LauncherFunctions;
import dev.jnc.cli.testing.OtherUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a launcher's build leaves behind (jnc_build_if_stale), run by the real shell in a made-up
 * checkout whose Maven wrapper only lays out the modules' target folders and whose AOT training
 * only says what it would train.
 */
@Timeout(30)
class LauncherBuildTest {

  private static final String FAKE_MAVEN =
      """
      #!/bin/sh
      echo "maven $*"
      mkdir -p nc-cli/target/lib lab-runner/target/lib
      """;

  @TempDir Path checkout;

  @BeforeEach
  void checkoutWithAFakeMaven() throws IOException {
    Files.createDirectories(checkout.resolve(".mvn"));
    Files.createDirectories(checkout.resolve("nc-cli/src/main/java"));
    Files.writeString(checkout.resolve("pom.xml"), "<project/>");
    Path maven = Files.writeString(checkout.resolve("mvnw"), FAKE_MAVEN);
    Files.setPosixFilePermissions(maven, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * The other launcher finds its module fresh after this build and never builds again, so the build
   * remakes its cache too: the package replaced the jars that cache was made against.
   */
  @ParameterizedTest
  @ValueSource(strings = {"nc-cli", "lab-runner"})
  void aBuildByEitherLauncherTrainsBothLaunchersCaches(String module) throws Exception {
    String build = build(module);

    assertThat(build)
        .contains("maven -q -B -DskipTests -Dspotless.check.skip=true package")
        .contains("cache nc-cli/target/nc-cli.aot dev.jnc.cli.AotTraining")
        .contains("cache nc-cli/target/nc-cli-probe.aot dev.jnc.cli.ProbeTraining")
        .contains("cache lab-runner/target/lab-runner.aot dev.jnc.lab.LabAotTraining");
    assertThat(checkout.resolve("nc-cli/target/.launcher-build")).exists();
    assertThat(checkout.resolve("lab-runner/target/.launcher-build")).exists();
  }

  /** As Maven's package does for nc-cli (bin/jnc-aot.sh): those caches are not made twice. */
  @ParameterizedTest
  @ValueSource(strings = {"nc-cli", "lab-runner"})
  void aCacheThePackageMadeIsKept(String module) throws Exception {
    Files.writeString(
        checkout.resolve("mvnw"),
        FAKE_MAVEN
            + "echo cache >nc-cli/target/nc-cli.aot\n"
            + "echo jdk >nc-cli/target/nc-cli.aot.jdk\n"
            // A second on: a real package runs for longer than a file time's grain.
            + "touch -d @$(($(date +%s) + 1)) nc-cli/target/nc-cli.aot\n");

    assertThat(build(module))
        .doesNotContain("cache nc-cli/")
        .contains("cache lab-runner/target/lab-runner.aot dev.jnc.lab.LabAotTraining");
  }

  /** A cache left from an earlier build was made against the jars this one replaced. */
  @ParameterizedTest
  @ValueSource(strings = {"nc-cli", "lab-runner"})
  void aCacheFromAnEarlierBuildIsMadeAgain(String module) throws Exception {
    Files.createDirectories(checkout.resolve("nc-cli/target"));
    Files.writeString(checkout.resolve("nc-cli/target/nc-cli.aot"), "cache");
    Files.writeString(checkout.resolve("nc-cli/target/nc-cli.aot.jdk"), "jdk");
    Files.setLastModifiedTime(
        checkout.resolve("nc-cli/target/nc-cli.aot"), FileTime.from(Instant.EPOCH));

    assertThat(build(module)).contains("cache nc-cli/target/nc-cli.aot dev.jnc.cli.AotTraining");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nc-cli", "lab-runner"})
  void theOtherLauncherThenFindsItsModuleFreshAndBuildsNothing(String module) throws Exception {
    build(module.equals("nc-cli") ? "lab-runner" : "nc-cli");

    assertThat(build(module)).isEmpty();
  }

  /**
   * The program the launcher starts after its build inherits the launcher's stderr: the build once
   * left it pointing at /dev/null, and the first run's {@code -v} lines and errors were lost.
   */
  @ParameterizedTest
  @ValueSource(strings = {"nc-cli", "lab-runner"})
  void theRunAfterABuildStillHasItsStderr(String module) throws Exception {
    String run =
        LauncherFunctions.run(
            Map.of("JNC_SKIP_BUILD", ""),
            "JNC_ROOT=$1; JNC_JAVA_HOME=/no/jdk; JNC_TOOL=test; jnc_aot_train() { :; };"
                + " jnc_build_if_stale \"$2\"; echo 'after the build' >&2",
            checkout.toString(),
            module);

    assertThat(run).contains("test: building").endsWith("after the build\n");
  }

  /**
   * Another user's checkout, older than its sources: one line that says what to do, where the shell
   * said {@code cannot create .../.build.lock} and ended.
   */
  @Test
  void aCheckoutTheUserCannotWriteSaysHowToRunIt() throws Exception {
    Files.setPosixFilePermissions(checkout, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        checkout.resolve(".mvn"), PosixFilePermissions.fromString("r-xr-xr-x"));
    List<String> asOtherUser = OtherUser.commandPrefix(Launcher.ROOT.resolve("bin/jnc-env.sh"));

    String run =
        LauncherFunctions.runAs(
            asOtherUser,
            Map.of("JNC_SKIP_BUILD", ""),
            "JNC_ROOT=$1; JNC_JAVA_HOME=/no/jdk; JNC_TOOL=test;"
                + " (jnc_build_if_stale \"$2\"); echo \"exit $?\"",
            checkout.toString(),
            "nc-cli");

    assertThat(run.lines())
        .containsExactly(
            "test: this checkout is older than its sources and "
                + checkout
                + " is not writable here: build it as its owner (bin/mvnw package),"
                + " or set JNC_SKIP_BUILD=1 to run the build it has",
            "exit 2");
    assertThat(checkout.resolve("nc-cli/target")).doesNotExist();
  }

  /** What jnc_build_if_stale printed for the module, training replaced by a line per cache. */
  private String build(String module) throws Exception {
    return LauncherFunctions.run(
        Map.of("JNC_SKIP_BUILD", ""),
        "JNC_ROOT=$1; JNC_JAVA_HOME=/no/jdk; JNC_TOOL=test;"
            + " jnc_aot_train() { out=$1; shift; echo \"cache ${out#\"$JNC_ROOT\"/} $*\"; };"
            + " jnc_build_if_stale \"$2\"",
        checkout.toString(),
        module);
  }
}
