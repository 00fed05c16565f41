package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Windows launchers cannot run here, so this checks the one thing they must share with the
 * POSIX ones, which the process tests do run: the rule for when to build. Both rebuild a module
 * when its {@code target/lib} or its launcher stamp is missing, or when a pom or a file under
 * {@code src/main} is newer than the stamp, and both stamp every module after a build. The POSIX
 * launcher looks at the root pom and at nc-core's and the tool's own module, what the tool is built
 * from; the Windows one at every module, which rebuilds at least whenever the POSIX one does.
 */
class LauncherScriptsTest {

  @Test
  void windowsLauncherRebuildsOnTheSameRuleAsThePosixOne() throws Exception {
    String posix = Files.readString(Launcher.ROOT.resolve("bin/jnc-env.sh"));
    String windows =
        Files.readString(Launcher.ROOT.resolve("bin/jnc-env.cmd"), StandardCharsets.ISO_8859_1);
    for (String input : List.of("target/lib", ".launcher-build", "pom.xml")) {
      assertThat(posix).as("jnc-env.sh looks at %s", input).contains(input);
      assertThat(windows).as("jnc-env.cmd looks at %s", input).contains(input.replace('/', '\\'));
    }
    assertThat(posix)
        .contains(
            "jnc_any_newer \"$stamp\" \"$JNC_ROOT/pom.xml\" \"$JNC_ROOT/nc-core/pom.xml\""
                + " \"$JNC_ROOT/$1/pom.xml\"")
        .contains("\"$JNC_ROOT/nc-core/src/main\" \"$JNC_ROOT/$1/src/main\"")
        .contains("[ \"$entry\" -nt \"$newer_than\" ]");
    assertThat(windows)
        .contains("($r+'\\*\\pom.xml')")
        .contains("($r+'\\*\\src\\main') -Recurse -File")
        .contains("Where-Object {$_.LastWriteTimeUtc -gt $t}");
    assertThat(posix).contains("for module in nc-cli lab-runner");
    assertThat(windows).contains("for %%m in (nc-cli lab-runner)");

    String check =
        windows.lines().filter(l -> l.contains("LastWriteTimeUtc -gt")).findFirst().orElseThrow();
    assertThat(check)
        .as("the check clears JNC_STALE only when PowerShell says fresh")
        .endsWith("&& set \"JNC_STALE=\"");
    assertThat(check.chars().filter(c -> c == '"').count()).as("balanced quotes").isEven();
  }
}
