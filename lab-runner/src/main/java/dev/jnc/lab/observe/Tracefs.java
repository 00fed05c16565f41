package dev.jnc.lab.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where tracefs is: the mount the system already has, or one this process made on a directory of
 * its own, which it removes again. A private mount point never disturbs anyone else's view of
 * {@code /sys/kernel/tracing}, and two labs at once each unmount only their own.
 */
final class Tracefs implements AutoCloseable {

  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
  private static final Path FILESYSTEMS = Path.of("/proc/filesystems");
  private static final String PRIVATE_PREFIX = "lab-tracefs-";

  private final Path root;
  private final boolean mountedByUs;

  private Tracefs(Path root, boolean mountedByUs) {
    this.root = root;
    this.mountedByUs = mountedByUs;
  }

  /** True when the kernel has tracefs, mounted or not. */
  static boolean supported() {
    try {
      return Files.readAllLines(FILESYSTEMS).stream().anyMatch(l -> l.endsWith("\ttracefs"));
    } catch (IOException e) {
      return false;
    }
  }

  /** The system's tracefs, or a fresh private mount of it when none is mounted. */
  static Tracefs open() throws IOException {
    Optional<Path> existing = existingMount();
    if (existing.isPresent()) {
      return new Tracefs(existing.get(), false);
    }
    Path mountPoint =
        Files.createTempDirectory(PRIVATE_PREFIX + ProcessHandle.current().pid() + "-");
    try {
      Mounts.mountTracefs(mountPoint);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(mountPoint);
      throw e;
    }
    return new Tracefs(mountPoint, true);
  }

  /** A tracefs mount point listed in {@code /proc/self/mountinfo}, if any. */
  static Optional<Path> existingMount() throws IOException {
    for (String line : Files.readAllLines(MOUNTINFO)) {
      // "36 25 0:12 / /sys/kernel/tracing rw,nosuid - tracefs tracefs rw"
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      List<String> after = List.of(line.substring(dash + 3).split(" "));
      List<String> before = List.of(line.substring(0, dash).split(" "));
      if (!after.isEmpty() && after.get(0).equals("tracefs") && before.size() > 4) {
        Path point = Path.of(before.get(4).replace("\\040", " "));
        // Another lab's private mount goes away when that lab ends.
        boolean anotherLabs =
            point.getFileName() != null
                && point.getFileName().toString().startsWith(PRIVATE_PREFIX);
        if (!anotherLabs && Files.isDirectory(point.resolve("instances"))) {
          return Optional.of(point);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Removes what labs killed outright (SIGKILL, no shutdown hook) left: instances named {@code
   * lab-<pid>-...} and private mounts named {@code lab-tracefs-<pid>-...} of processes that no
   * longer run.
   */
  void removeLeftoversOfDeadLabs() {
    String[] instances = root.resolve("instances").toFile().list();
    for (String name : instances == null ? new String[0] : instances) {
      if (deadLab(name, "lab-")) {
        try {
          Files.deleteIfExists(root.resolve("instances").resolve(name));
        } catch (IOException ignored) {
          // Busy or not ours after all: leave it.
        }
      }
    }
    try {
      for (String line : Files.readAllLines(MOUNTINFO)) {
        String[] fields = line.split(" ");
        if (fields.length > 4 && line.contains(" - tracefs ")) {
          Path point = Path.of(fields[4]);
          if (point.getFileName() != null
              && !point.equals(root)
              && deadLab(point.getFileName().toString(), PRIVATE_PREFIX)) {
            Mounts.unmount(point);
            Files.deleteIfExists(point);
          }
        }
      }
    } catch (IOException ignored) {
      // Someone else's mount, or already gone: nothing to clean.
    }
  }

  /** True for {@code <prefix><pid>-...} where no process {@code pid} runs. */
  private static boolean deadLab(String name, String prefix) {
    if (!name.startsWith(prefix)) {
      return false;
    }
    String rest = name.substring(prefix.length());
    int dash = rest.indexOf('-');
    if (dash <= 0) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(rest.substring(0, dash))).isEmpty();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  Path root() {
    return root;
  }

  boolean mountedByUs() {
    return mountedByUs;
  }

  /** Unmounts and removes the mount point if this process made it. */
  @Override
  public void close() throws IOException {
    if (mountedByUs) {
      Mounts.unmount(root);
      Files.deleteIfExists(root);
    }
  }
}
