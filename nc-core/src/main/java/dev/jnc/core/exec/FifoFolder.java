package dev.jnc.core.exec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one private folder in which this process makes its {@code -e} FIFOs ({@code
 * jnc-exec-<pid>-...} in the temporary folder). A FIFO's name goes as soon as both its ends are
 * open, but a jnc stopped in between (Ctrl-C while a {@code -L} server starts a program) would
 * leave it: the folder goes at exit, and folders of processes that no longer run (killed with
 * SIGKILL) go when the next jnc makes its own.
 */
final class FifoFolder {

  private static final String PREFIX = "jnc-exec-";
  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicLong NEXT = new AtomicLong();
  private static Path folder;

  private FifoFolder() {}

  /** A new name in the folder, made on first use; empty without a writable temporary folder. */
  static synchronized Optional<Path> newName() {
    if (folder == null) {
      try {
        folder = Files.createTempDirectory(PREFIX + PID + "-");
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return Optional.empty();
      }
      Runtime.getRuntime()
          .addShutdownHook(Thread.ofPlatform().name("jnc-fifo-folder").unstarted(new Removal()));
      removeThoseOfDeadProcesses(folder.getParent());
    }
    return Optional.of(folder.resolve("stdout-" + NEXT.incrementAndGet()));
  }

  static void removeThoseOfDeadProcesses(Path temporary) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(temporary, PREFIX + "*")) {
      for (Path entry : entries) {
        String rest = entry.getFileName().toString().substring(PREFIX.length());
        int dash = rest.indexOf('-');
        if (dash > 0 && rest.substring(0, dash).chars().allMatch(Character::isDigit)) {
          long pid = Long.parseLong(rest.substring(0, dash));
          if (ProcessHandle.of(pid).isEmpty()) {
            removeQuietly(entry);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Someone else's, or gone already: nothing to clean.
    }
  }

  private static void removeQuietly(Path directory) {
    try (DirectoryStream<Path> names = Files.newDirectoryStream(directory)) {
      for (Path name : names) {
        Files.deleteIfExists(name);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // Not ours to remove after all, or busy: left as it is.
    }
  }

  /** A class, not a lambda: nothing loads for it until a program is run. */
  private static final class Removal implements Runnable {
    @Override
    public void run() {
      removeQuietly(folder);
    }
  }
}
