package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers' check that a build is still fresh (jnc_is_fresh), run by the real shell against a
 * made-up checkout whose files get their times set, not waited for.
 */
@Timeout(30)
class LauncherFreshnessTest {

  private static final Instant BUILT = Instant.parse("2026-12-06T02:00:00Z");

  @TempDir Path checkout;

  private Path source;

  @BeforeEach
  void builtCheckout() throws IOException {
    source = checkout.resolve("nc-core/src/main/java/dev/jnc/core/tcp/StreamRelay.java");
    before(checkout.resolve("pom.xml"));
    before(checkout.resolve("nc-cli/pom.xml"));
    before(checkout.resolve("nc-core/pom.xml"));
    before(checkout.resolve("nc-cli/src/main/java/dev/jnc/cli/Jnc.java"));
    before(source);
    Files.createDirectories(checkout.resolve("nc-cli/target/lib"));
    Files.createDirectories(checkout.resolve("lab-runner/src/main/resources/empty"));
    // A link back up the tree: a walk that followed it would never end.
    Files.createSymbolicLink(checkout.resolve("nc-core/src/main/java/up"), Path.of(".."));
    stamp(checkout.resolve("nc-cli/target/.launcher-build"), BUILT);
  }

  @Test
  void aCheckoutUntouchedSinceTheBuildIsFresh() throws Exception {
    assertThat(freshness()).isEqualTo("fresh");
  }

  @Test
  void aSourceEditedDeepInATreeMakesItStale() throws Exception {
    stamp(source, BUILT.plusMillis(5));

    assertThat(freshness()).isEqualTo("stale");
  }

  @Test
  void aPomEditedMakesItStale() throws Exception {
    stamp(checkout.resolve("nc-core/pom.xml"), BUILT.plusSeconds(60));

    assertThat(freshness()).isEqualTo("stale");
  }

  @Test
  void aNewSourceInAFolderOfItsOwnMakesItStaleEvenWithASpaceInItsName() throws Exception {
    Path added = checkout.resolve("lab-runner/src/main/resources/empty/new folder/a b.txt");
    Files.createDirectories(added.getParent());
    stamp(added, BUILT.plusSeconds(1));

    assertThat(freshness()).isEqualTo("stale");
  }

  @Test
  void filesBehindALinkAreNotLookedAt() throws Exception {
    Path generated = checkout.resolve("nc-core/target/generated/Fresh.java");
    Files.createDirectories(generated.getParent());
    stamp(generated, BUILT.plusSeconds(1));
    Files.createSymbolicLink(
        checkout.resolve("nc-core/src/main/generated"), Path.of("../../target/generated"));

    assertThat(freshness()).isEqualTo("fresh");
  }

  @Test
  void aHiddenFileEditedMakesItStale() throws Exception {
    Path hidden = checkout.resolve("nc-cli/src/main/resources/.settings");
    Files.createDirectories(hidden.getParent());
    stamp(hidden, BUILT.plusSeconds(1));

    assertThat(freshness()).isEqualTo("stale");
  }

  @Test
  void withoutTheStampItIsNeverFresh() throws Exception {
    Files.delete(checkout.resolve("nc-cli/target/.launcher-build"));

    assertThat(freshness()).isEqualTo("stale");
  }

  @Test
  void withoutTheLibrariesItIsNeverFresh() throws Exception {
    Files.delete(checkout.resolve("nc-cli/target/lib"));

    assertThat(freshness()).isEqualTo("stale");
  }

  /** What jnc_is_fresh says of nc-cli in the made-up checkout. */
  private String freshness() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "sh",
                "-c",
                ". \"$1/bin/jnc-env.sh\"; JNC_ROOT=$2; if jnc_is_fresh nc-cli; then echo fresh;"
                    + " else echo stale; fi",
                "sh",
                Launcher.ROOT.toString(),
                checkout.toString())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process shell = builder.start();
    try {
      String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(shell.waitFor(20, TimeUnit.SECONDS)).isTrue();
      return out.strip();
    } finally {
      shell.destroyForcibly();
    }
  }

  private static void before(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    stamp(file, BUILT.minusSeconds(3600));
  }

  private static void stamp(Path file, Instant time) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(file);
    }
    Files.setLastModifiedTime(file, FileTime.from(time));
  }
}
