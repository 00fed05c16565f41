package dev.jnc.core.io;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Why a file could not be opened or written, in the words of {@code strerror}: the JDK's exceptions
 * for the common cases carry only the path as their message, which the caller already prints.
 */
public final class FileErrorReason {

  private FileErrorReason() {}

  public static String of(Exception e) {
    return switch (e) {
      case AccessDeniedException a -> "Permission denied";
      case NoSuchFileException n -> "No such file or directory";
      case FileSystemException f when f.getReason() != null -> f.getReason();
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }
}
