package dev.jnc.core.exec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Where {@code PATH} finds a program by its bare name, as a shell's search would. */
public final class SearchPath {

  private SearchPath() {}

  /**
   * The first executable file named {@code name} (or {@code name.exe} on Windows) in the folders of
   * {@code PATH}; an empty entry is the current folder.
   */
  public static Optional<Path> find(String name) {
    String searchPath = System.getenv("PATH");
    if (searchPath == null || name.isEmpty()) {
      return Optional.empty();
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");
    try {
      // -1: a trailing empty entry is the current folder too.
      for (String dir : searchPath.split(File.pathSeparator, -1)) {
        for (String file : windows ? new String[] {name, name + ".exe"} : new String[] {name}) {
          Path candidate = Path.of(dir.isEmpty() ? "." : dir, file);
          if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
            return Optional.of(candidate);
          }
        }
      }
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
