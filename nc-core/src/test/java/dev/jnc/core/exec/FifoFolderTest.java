package dev.jnc.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The folders of {@code -e} FIFOs that a jnc killed outright left behind. */
@Timeout(30)
class FifoFolderTest {

  @TempDir Path temporary;

  @Test
  void theFolderOfAProcessThatNoLongerRunsIsRemovedAndALiveOnesKept() throws Exception {
    Process finished = new ProcessBuilder("/bin/true").start();
    assertThat(finished.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Path dead = Files.createDirectory(temporary.resolve("jnc-exec-" + finished.pid() + "-1"));
    Files.writeString(dead.resolve("stdout-1"), "");
    Path alive =
        Files.createDirectory(
            temporary.resolve("jnc-exec-" + ProcessHandle.current().pid() + "-2"));
    Path other = Files.createDirectory(temporary.resolve("jnc-exec-notapid"));

    FifoFolder.removeThoseOfDeadProcesses(temporary);

    assertThat(dead).doesNotExist();
    assertThat(alive).exists();
    assertThat(other).exists();
  }

  @Test
  void namesAreNewEachTimeInOneFolderOfThisProcess() {
    Path first = FifoFolder.newName().orElseThrow();
    Path second = FifoFolder.newName().orElseThrow();

    assertThat(first).isNotEqualTo(second);
    assertThat(first.getParent()).isEqualTo(second.getParent()).isDirectory();
    assertThat(first.getParent().getFileName().toString())
        .startsWith("jnc-exec-" + ProcessHandle.current().pid() + "-");
  }
}
