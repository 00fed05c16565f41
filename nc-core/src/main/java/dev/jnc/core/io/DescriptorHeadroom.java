package dev.jnc.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * How many more files this process may open: its soft {@code RLIMIT_NOFILE} less the descriptors it
 * holds, read from {@code /proc/self} (Linux). A scan that opened sockets until the kernel said
 * "Too many open files" left none for the JVM, whose own lazy loads (a native library, a name
 * lookup's files) then failed under {@code ulimit -n 16}.
 */
public final class DescriptorHeadroom {

  private static final Path LIMITS = Path.of("/proc/self/limits");
  private static final Path DESCRIPTORS = Path.of("/proc/self/fd");

  private DescriptorHeadroom() {}

  /** The files this process may still open; empty where {@code /proc} does not tell. */
  public static OptionalInt now() {
    try {
      OptionalInt limit = softLimit();
      if (limit.isEmpty()) {
        return OptionalInt.empty();
      }
      try (Stream<Path> open = Files.list(DESCRIPTORS)) {
        return OptionalInt.of(Math.max(0, limit.getAsInt() - (int) open.count()));
      }
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  /** The "Max open files" row's soft limit; empty when it is unlimited or not there. */
  private static OptionalInt softLimit() throws IOException {
    for (String line : Files.readAllLines(LIMITS)) {
      if (line.startsWith("Max open files")) {
        String[] words = line.substring("Max open files".length()).trim().split("\\s+");
        return words[0].chars().allMatch(Character::isDigit)
            ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, Long.parseLong(words[0])))
            : OptionalInt.empty();
      }
    }
    return OptionalInt.empty();
  }
}
