package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.LauncherFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launchers' check that a build is still fresh (jnc_is_fresh), run by the real shell against a
 * made-up checkout whose files get their times set, not waited for.
 */
@Timeout(30)
class LauncherFreshnessTest {

  private static final Instant BUILT = Instant.parse("2026-12-06T02:00:00Z");

  @TempDir Path checkout;

  @BeforeEach
  void builtCheckout() throws IOException {
    for (String file :
        new String[] {
          "pom.xml",
          "nc-cli/pom.xml",
          "nc-core/pom.xml",
          "nc-cli/src/main/java/dev/jnc/cli/Jnc.java",
          "nc-core/src/main/java/dev/jnc/core/tcp/StreamRelay.java"
        }) {
      stamp(checkout.resolve(file), BUILT.minusSeconds(3600));
    }
    stamp(checkout.resolve("lab-runner/pom.xml"), BUILT.minusSeconds(3600));
    Files.createDirectories(checkout.resolve("nc-cli/target/lib"));
    Files.createDirectories(checkout.resolve("lab-runner/target/lib"));
    Files.createDirectories(checkout.resolve("lab-runner/src/main/resources/empty"));
    // A link back up the tree: a walk that followed it would never end.
    Files.createSymbolicLink(checkout.resolve("nc-core/src/main/java/up"), Path.of(".."));
    stamp(checkout.resolve("nc-cli/target/.launcher-build"), BUILT);
    stamp(checkout.resolve("lab-runner/target/.launcher-build"), BUILT);
  }

  @Test
  void aCheckoutUntouchedSinceTheBuildIsFresh() throws Exception {
    assertThat(freshness()).isEqualTo("fresh");
    assertThat(freshness("lab-runner")).isEqualTo("fresh");
  }

  @Test
  void aChangeToTheLabsModuleLeavesJncFreshAndTheLabStale() throws Exception {
    stamp(
        checkout.resolve("lab-runner/src/main/resources/empty/new folder/a b.txt"),
        BUILT.plusMillis(5));

    assertThat(freshness()).isEqualTo("fresh");
    assertThat(freshness("lab-runner")).isEqualTo("stale");
  }

  @Test
  void aChangeToTheEngineMakesBothToolsStale() throws Exception {
    stamp(
        checkout.resolve("nc-core/src/main/java/dev/jnc/core/tcp/StreamRelay.java"),
        BUILT.plusMillis(5));

    assertThat(freshness()).isEqualTo("stale");
    assertThat(freshness("lab-runner")).isEqualTo("stale");
  }

  @Test
  void aFileNamedLikeAPatternIsLookedAtToo() throws Exception {
    stamp(checkout.resolve("nc-cli/src/main/resources/*"), BUILT.plusMillis(5));

    assertThat(freshness()).isEqualTo("stale");
  }

  /** 5 ms after the build: the check compares to the nanosecond, as find did. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "nc-core/src/main/java/dev/jnc/core/tcp/StreamRelay.java",
        "nc-core/pom.xml",
        "pom.xml",
        "nc-cli/src/main/resources/empty/new folder/a b.txt",
        "nc-cli/src/main/resources/.settings",
        "nc-cli/src/main/resources/..hidden"
      })
  void aFileEditedOrAddedSinceTheBuildMakesItStale(String file) throws Exception {
    stamp(checkout.resolve(file), BUILT.plusMillis(5));

    assertThat(freshness()).isEqualTo("stale");
  }

  @Test
  void filesBehindALinkAreNotLookedAt() throws Exception {
    stamp(checkout.resolve("nc-core/target/generated/Fresh.java"), BUILT.plusSeconds(1));
    Files.createSymbolicLink(
        checkout.resolve("nc-core/src/main/generated"), Path.of("../../target/generated"));

    assertThat(freshness()).isEqualTo("fresh");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nc-cli/target/.launcher-build", "nc-cli/target/lib"})
  void withoutTheStampOrTheLibrariesItIsNeverFresh(String missing) throws Exception {
    Files.delete(checkout.resolve(missing));

    assertThat(freshness()).isEqualTo("stale");
  }

  /** What jnc_is_fresh says of nc-cli in the made-up checkout. */
  private String freshness() throws Exception {
    return freshness("nc-cli");
  }

  /** What jnc_is_fresh says of {@code module} in the made-up checkout. */
  private String freshness(String module) throws Exception {
    return LauncherFunctions.run(
            Map.of(),
            "JNC_ROOT=$1; if jnc_is_fresh $2; then echo fresh; else echo stale; fi",
            checkout.toString(),
            module)
        .strip();
  }

  private static void stamp(Path file, Instant time) throws IOException {
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      Files.createFile(file);
    }
    Files.setLastModifiedTime(file, FileTime.from(time));
  }
}
