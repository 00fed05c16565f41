package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.LauncherFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which AOT cache {@code bin/jnc} starts from, where its JVM maps it, and with which collector: a
 * TCP {@code -z} run of a few single ports from the probe cache, without collecting, every other
 * run from the full one. The launchers' functions, run by the real shell, the caches made-up files.
 */
@Timeout(30)
class CacheChoiceTest {

  private static final String AOT_LOGS_OFF = " -Xlog:aot=off:stderr -Xlog:cds=off:stderr";

  private static final String BUILD = "IMPLEMENTOR=\"Test\" JAVA_RUNTIME_VERSION=\"25.0.3+9\" ";

  @TempDir Path checkout;

  @BeforeEach
  void jdkAndCaches() throws IOException {
    // A checkout, as its sources say: there a jar may be rebuilt after its cache.
    Files.createDirectories(checkout.resolve("nc-cli/src"));
    Files.createDirectories(checkout.resolve("jdk"));
    Files.writeString(
        checkout.resolve("jdk/release"),
        "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\"25.0.3+9\"\nJAVA_VERSION=\"25.0.3\"\n");
    for (String cache : new String[] {"nc-cli.aot", "nc-cli-probe.aot"}) {
      Path file = Files.createDirectories(checkout.resolve("nc-cli/target")).resolve(cache);
      Files.writeString(file, "cache");
      Files.writeString(Path.of(file + ".jdk"), BUILD + "\n");
    }
  }

  @ParameterizedTest(name = "jnc {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-z 127.0.0.1 80               | probe",
        "-vz 127.0.0.1 80              | probe",
        "-n -v -z ::1 22 443           | probe",
        "-z -w 2 example.org http      | probe",
        "-z 127.0.0.1 1-65535          | ''",
        "-zv 127.0.0.1 20-25 80        | ''",
        "-zu 127.0.0.1 53              | ''",
        "-z -u 127.0.0.1 53            | ''",
        "127.0.0.1 80                  | ''",
        "-l -p 6666                    | ''",
        "-lz -p 6666                   | ''",
        "-z -k -l -p 6666              | ''",
        "-v --progress 127.0.0.1 80    | ''",
      })
  void tcpProbesOfSinglePortsTakeTheProbeCache(String args, String kind) throws Exception {
    String chosen =
        LauncherFunctions.run(
            Map.of(), "jnc_aot_kind \"$@\"; printf %s \"$JNC_AOT_KIND\"", args.trim().split(" +"));

    assertThat(chosen).isEqualTo(kind);
  }

  /** A probe's JVM never collects: its garbage must stay small (1,000 ports leave 7.3 MB). */
  @Test
  void aProbeOfManyPortsTakesTheFullCache() throws Exception {
    String[] args = new String[66];
    args[0] = "-z";
    args[1] = "127.0.0.1";
    for (int i = 2; i < args.length; i++) {
      args[i] = Integer.toString(1000 + i);
    }

    String chosen =
        LauncherFunctions.run(Map.of(), "jnc_aot_kind \"$@\"; printf %s \"$JNC_AOT_KIND\"", args);

    assertThat(chosen).isEmpty();
  }

  @Test
  void aProbeCachesJvmNeverCollectsAndEveryOtherRunsCollectsSerially() throws Exception {
    assertThat(collectorFor("/x/nc-cli/target/nc-cli-probe.aot"))
        .startsWith("-XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC ")
        .doesNotContain("SerialGC");
    assertThat(collectorFor("/x/lib/jnc-probe.aot")).contains("-XX:+UseEpsilonGC");
    assertThat(collectorFor("/x/nc-cli/target/nc-cli.aot"))
        .startsWith("-XX:+UseSerialGC ")
        .doesNotContain("Epsilon");
    assertThat(collectorFor("")).startsWith("-XX:+UseSerialGC ");
  }

  @Test
  void aCollectorTheUserChoseStaysForAProbe() throws Exception {
    String options =
        LauncherFunctions.run(
            Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseG1GC"),
            "jnc_options_for_cache /x/nc-cli/target/nc-cli-probe.aot;"
                + " printf %s \"$JNC_CACHE_JVM_OPTIONS\"");

    assertThat(options).doesNotContain("Epsilon", "SerialGC");
  }

  @Test
  void aProbeStartsFromTheProbeCache() throws Exception {
    assertThat(options("probe")).endsWith("/nc-cli/target/nc-cli-probe.aot");
  }

  @Test
  void anyOtherRunStartsFromTheFullCache() throws Exception {
    assertThat(options("")).endsWith("/nc-cli/target/nc-cli.aot");
  }

  @Test
  void aProbeStartsFromTheFullCacheWhereThereIsNoProbeCache() throws Exception {
    Files.delete(checkout.resolve("nc-cli/target/nc-cli-probe.aot"));

    assertThat(options("probe")).endsWith("/nc-cli/target/nc-cli.aot");
  }

  /**
   * JDK 25.0.3 would run the classes of a cache made before the jar was rebuilt: it checks no jar
   * of the class path against its cache (JDK-8377932).
   */
  @Test
  void aCacheOlderThanAJarOnTheClassPathIsNotUsed() throws Exception {
    Path cache = checkout.resolve("nc-cli/target/nc-cli.aot");
    Path jar = Files.writeString(checkout.resolve("nc-cli/target/nc-cli-1.0.jar"), "jar");
    Path lib = Files.createDirectories(checkout.resolve("nc-cli/target/lib"));
    Path library = Files.writeString(lib.resolve("picocli-4.7.7.jar"), "library");
    FileTime made = Files.getLastModifiedTime(cache);
    Files.setLastModifiedTime(jar, made);
    Files.setLastModifiedTime(library, made);
    assertThat(optionsWithClassPath("")).isEqualTo("-XX:AOTCache=" + cache + AOT_LOGS_OFF);

    Files.setLastModifiedTime(library, FileTime.fromMillis(made.toMillis() + 2_000));

    assertThat(optionsWithClassPath("")).isEqualTo("-Xshare:auto");
  }

  /**
   * An unpacked archive's jars are never rebuilt: a copy that does not keep file times (cp -r, some
   * unzips) left them newer than the caches, and every start went without one.
   */
  @Test
  void anArchivesCacheIsUsedWhateverItsJarsTimes() throws Exception {
    Path lib = Files.createDirectories(checkout.resolve("dist/lib"));
    Path cache = Files.writeString(lib.resolve("jnc.aot"), "cache");
    Files.writeString(lib.resolve("jnc.aot.jdk"), BUILD + "\n");
    Path jar = Files.writeString(lib.resolve("nc-cli-1.0.jar"), "jar");
    Files.setLastModifiedTime(
        jar, FileTime.fromMillis(Files.getLastModifiedTime(cache).toMillis() + 2_000));

    String options =
        LauncherFunctions.run(
                Map.of(),
                "unset JNC_ROOT; JNC_JAVA_HOME=$1/jdk; jnc_dist_classpath \"$1/dist/lib\";"
                    + " jnc_aot_options_for \"$1/dist/lib/jnc.aot\";"
                    + " printf %s \"${JNC_AOT_CACHE:+-XX:AOTCache=$JNC_AOT_CACHE }$JNC_AOT_OPTIONS\"",
                checkout.toString())
            .strip();

    assertThat(options).isEqualTo("-XX:AOTCache=" + cache + AOT_LOGS_OFF);
  }

  @Test
  void theLaunchersJvmMapsItsClassArchiveWhereItWasMadeToBe() throws Exception {
    String log =
        LauncherFunctions.runLaunchersJvm(Map.of(), "-Xshare:auto -Xlog:cds=info -version");

    assertThat(log)
        .contains("ArchiveRelocationMode: 0", "Mapped static  region #0")
        .doesNotContain("alternative address");
  }

  /** The JVM options jnc_options_for_cache gives a run from {@code cache}. */
  private static String collectorFor(String cache) throws Exception {
    return LauncherFunctions.run(
        Map.of(), "jnc_options_for_cache \"$1\"; printf %s \"$JNC_CACHE_JVM_OPTIONS\"", cache);
  }

  /** jnc_aot_options after jnc_classpath, as the launcher calls them, for a run of {@code kind}. */
  private String optionsWithClassPath(String kind) throws Exception {
    return LauncherFunctions.run(
            Map.of(),
            "JNC_ROOT=$1; JNC_JAVA_HOME=$1/jdk; jnc_classpath nc-cli; jnc_aot_options nc-cli"
                + " \"$2\"; printf %s \"${JNC_AOT_CACHE:+-XX:AOTCache=$JNC_AOT_CACHE }$JNC_AOT_OPTIONS\"",
            checkout.toString(),
            kind)
        .strip();
  }

  /** The cache jnc_aot_options gives the JVM for a run of {@code kind}. */
  private String options(String kind) throws Exception {
    String options =
        LauncherFunctions.run(
                Map.of(),
                "JNC_ROOT=$1; JNC_JAVA_HOME=$1/jdk; jnc_aot_options nc-cli \"$2\";"
                    + " printf %s \"${JNC_AOT_CACHE:+-XX:AOTCache=$JNC_AOT_CACHE }$JNC_AOT_OPTIONS\"",
                checkout.toString(),
                kind)
            .strip();
    assertThat(options).startsWith("-XX:AOTCache=").endsWith(AOT_LOGS_OFF);
    return options.substring("-XX:AOTCache=".length(), options.indexOf(' '));
  }
}
