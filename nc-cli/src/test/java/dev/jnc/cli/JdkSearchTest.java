package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.LauncherFunctions;
import dev.jnc.cli.testing.OtherUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The launchers' search for a JDK 25+, run by the real shell against made-up JDK folders. */
@Timeout(30)
class JdkSearchTest {

  @TempDir Path folder;

  @Test
  void aJdkNamedByJavaHomeIsTakenWhenItIsRecentEnough() throws Exception {
    Path jdk = fakeJdk("jdk-26", "JAVA_VERSION=\"26.0.1\"");

    assertThat(foundWith(jdk)).isEqualTo(jdk.toString());
  }

  @Test
  void anOlderJdkNamedByJavaHomeIsPassedOver() throws Exception {
    Path old = fakeJdk("jdk-17", "JAVA_VERSION=\"17.0.15\"");
    Path legacy = fakeJdk("jdk-8", "JAVA_VERSION=\"1.8.0_452\"");

    assertThat(foundWith(old)).isNotEqualTo(old.toString());
    assertThat(foundWith(legacy)).isNotEqualTo(legacy.toString());
  }

  @Test
  void theJdkFoundIsKeptForTheSameJavaHomeAndPath() throws Exception {
    Path jdk = fakeJdk("jdk-26", "JAVA_VERSION=\"26.0.1\"");
    Path root = Files.createDirectories(folder.resolve("checkout/.mvn")).getParent();

    assertThat(foundWith(jdk, root)).isEqualTo(jdk.toString());
    Path cache = root.resolve(".mvn/.launcher-jdk");
    assertThat(Files.readAllLines(cache)).hasSize(2).last().isEqualTo(jdk.toString());

    // A kept answer is taken as it is, without a search, which would refuse this JDK 17.
    Path old = fakeJdk("jdk-17", "JAVA_VERSION=\"17.0.15\"");
    List<String> kept = Files.readAllLines(cache);
    Files.write(cache, List.of(kept.getFirst(), old.toString()));
    assertThat(foundWith(jdk, root)).isEqualTo(old.toString());

    // Another JAVA_HOME is another question; a JDK gone since is searched for again.
    Path other = fakeJdk("jdk-25", "JAVA_VERSION=\"25.0.3\"");
    assertThat(foundWith(other, root)).isEqualTo(other.toString());
    Files.write(cache, List.of(kept.getFirst(), folder.resolve("removed").toString()));
    assertThat(foundWith(jdk, root)).isEqualTo(jdk.toString());
  }

  /**
   * Another user's checkout keeps no answer for this user, and says nothing about it: the shell
   * printed {@code cannot create .../.launcher-jdk.PID} before every start.
   */
  @Test
  void aCheckoutTheUserCannotWriteFindsTheJdkQuietly() throws Exception {
    Path jdk = fakeJdk("jdk-26", "JAVA_VERSION=\"26.0.1\"");
    Path root = Files.createDirectories(folder.resolve("checkout/.mvn")).getParent();
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        root.resolve(".mvn"), PosixFilePermissions.fromString("r-xr-xr-x"));
    List<String> asOtherUser = OtherUser.commandPrefix(Launcher.ROOT.resolve("bin/jnc-env.sh"));

    String found =
        LauncherFunctions.runAs(
            asOtherUser,
            Map.of("JAVA_HOME", jdk.toString()),
            "JNC_ROOT=$1; jnc_find_jdk; echo \"$JNC_JAVA_HOME\"",
            root.toString());

    assertThat(found).isEqualTo(jdk + "\n");
    assertThat(root.resolve(".mvn/.launcher-jdk")).doesNotExist();
  }

  /** An unpacked archive compiles nothing: a runtime does for it, not for a checkout. */
  @Test
  void aRuntimeWithoutJavacServesAnArchiveButNotACheckout() throws Exception {
    Path runtime = fakeJdk("jre-25", "JAVA_VERSION=\"25.0.3\"");
    Files.delete(runtime.resolve("bin/javac"));
    Path checkout = Files.createDirectories(folder.resolve("checkout/nc-cli/src")).getParent();
    Files.createDirectories(checkout.getParent().resolve(".mvn"));

    assertThat(foundWith(runtime)).isEqualTo(runtime.toString());
    assertThat(foundWith(runtime, checkout.getParent())).isNotEqualTo(runtime.toString());
  }

  /**
   * A version manager's shim (asdf, jenv, mise) is a script that resolves to no Java home: the java
   * it runs says where it lives.
   */
  @Test
  void aShimOnThePathIsAskedWhereItsJavaLives() throws Exception {
    Path jdk = fakeJdk("jdk-25", "JAVA_VERSION=\"25.0.3\"");
    Path shims = Files.createDirectories(folder.resolve("shims"));
    Path shim = shims.resolve("java");
    Files.writeString(
        shim, "#!/bin/sh\necho '    java.home = " + jdk + "' >&2\necho 'openjdk 25' >&2\n");
    Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));

    String found =
        LauncherFunctions.run(
                Map.of("PATH", shims + ":/usr/bin:/bin"),
                "unset JAVA_HOME JNC_ROOT; jnc_find_jdk; echo \"$JNC_JAVA_HOME\"")
            .strip();

    assertThat(found).isEqualTo(jdk.toString());
  }

  /** What jnc_find_jdk settles on with JAVA_HOME set, or its one-line complaint. */
  private String foundWith(Path javaHome) throws Exception {
    return foundWith(javaHome, null);
  }

  /** The same in a checkout at {@code root}, whose {@code .mvn} keeps the answer. */
  private String foundWith(Path javaHome, Path root) throws Exception {
    String checkout = root != null ? "JNC_ROOT=$1" : "unset JNC_ROOT";
    return LauncherFunctions.run(
            Map.of("JAVA_HOME", javaHome.toString()),
            checkout + "; jnc_find_jdk; echo \"$JNC_JAVA_HOME\"",
            root != null ? root.toString() : "")
        .strip();
  }

  private Path fakeJdk(String name, String versionLine) throws IOException {
    Path home = folder.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    for (String tool : new String[] {"java", "javac"}) {
      Path script = home.resolve("bin").resolve(tool);
      // A java that cannot answer: the release file must decide without starting it.
      Files.writeString(script, "#!/bin/sh\nexit 1\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\n" + versionLine + "\n");
    return home;
  }
}
