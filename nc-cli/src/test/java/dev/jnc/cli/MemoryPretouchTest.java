package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.LauncherFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The launchers' JVM fills the memory its start writes to (the AOT cache's mapping, the heap) in
 * one call where the kernel can, instead of taking a page fault per page. The JDK's own account of
 * its flags, so that a misspelt option, which -XX:+IgnoreUnrecognizedVMOptions would pass over,
 * fails here.
 */
@Timeout(60)
class MemoryPretouchTest {

  @Test
  void theLaunchersJvmFillsItsMemoryInOneCallWhereTheKernelCan() throws Exception {
    String flags = LauncherFunctions.runLaunchersJvm(Map.of(), "-XX:+PrintFlagsFinal -version");

    if (kernelPopulatesWithTransparentHugePages()) {
      assertThat(flags)
          .containsPattern("AlwaysPreTouch += true +\\{product} \\{command line}")
          .containsPattern("UseTransparentHugePages += true +\\{product} \\{command line}")
          .containsPattern("InitialHeapSize += 8388608 +\\{product} \\{command line}");
    } else {
      assertThat(flags).containsPattern("AlwaysPreTouch += false +\\{product} \\{default}");
    }
  }

  @Test
  void theHeapStartsSmallAndPretouchedWhereTheKernelCan() throws Exception {
    String log = LauncherFunctions.runLaunchersJvm(Map.of(), "-Xlog:gc+init=info -version");

    if (kernelPopulatesWithTransparentHugePages()) {
      assertThat(log)
          .contains("Pre-touch: Enabled", "Heap Initial Capacity: 8M")
          .contains("Large Page Support: Enabled (Transparent)");
    } else {
      assertThat(log).contains("Pre-touch: Disabled");
    }
  }

  @Test
  void aHeapSizeTheUserSetIsLeftAsTheUserSetIt() throws Exception {
    // Our -Xms8m after a user's -Xmx4m: "Initial heap size set to a larger value than the
    // maximum heap size", and no run at all.
    Map<String, String> environment = Map.of("JAVA_TOOL_OPTIONS", "-Xmx4m");

    String options = LauncherFunctions.run(environment, "printf %s \"$JNC_JVM_OPTIONS\"");
    String version = LauncherFunctions.runLaunchersJvm(environment, "-version && echo started");

    assertThat(options).doesNotContain("-Xms", "AlwaysPreTouch", "UseTransparentHugePages");
    assertThat(version).contains("started").doesNotContain("Error");
  }

  @Test
  void pretouchTheUserTurnedOffStaysOff() throws Exception {
    String options =
        LauncherFunctions.run(
            Map.of("JDK_JAVA_OPTIONS", "-XX:-AlwaysPreTouch"), "printf %s \"$JNC_JVM_OPTIONS\"");

    assertThat(options).doesNotContain("+AlwaysPreTouch", "-Xms");
  }

  /**
   * Transparent huge pages on ("always" or "madvise") and a kernel of 5.14 or newer, which has
   * MADV_POPULATE_WRITE: the JVM pretouches with one call only then.
   */
  private static boolean kernelPopulatesWithTransparentHugePages() throws IOException {
    Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    Path release = Path.of("/proc/sys/kernel/osrelease");
    if (!Files.isReadable(thp) || !Files.isReadable(release)) {
      return false;
    }
    String mode = Files.readString(thp);
    if (!mode.contains("[always]") && !mode.contains("[madvise]")) {
      return false;
    }
    Matcher version = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(Files.readString(release));
    if (!version.find()) {
      return false;
    }
    int major = Integer.parseInt(version.group(1));
    int minor = Integer.parseInt(version.group(2));
    return major > 5 || (major == 5 && minor >= 14);
  }
}
