package dev.jnc.core.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Grows a pipe's kernel buffer ({@code fcntl(F_SETPIPE_SZ)}, Linux). A 64 KiB pipe, the default,
 * hands a reader at most 64 KiB per {@code read}: with a larger one, each read of our input takes
 * up to a whole relay buffer, which divides the reads, the thread hand-offs and the selector
 * wakeups of a bulk transfer by four.
 */
public final class PipeCapacity {

  private static final int F_SETPIPE_SZ = 1031;

  private PipeCapacity() {}

  /**
   * {@link #grow} on a thread of its own when {@code fd} is a pipe: linking the native call costs
   * some 70 ms (measured), and even asking what {@code fd} is costs a millisecond or two, which a
   * run whose input is no pipe, or a probe that reads none, should not wait for. A read before the
   * growth only gets less.
   */
  public static void growInBackground(int fd, int bytes) {
    Thread.ofPlatform()
        .name("jnc-pipe-size")
        .daemon()
        .start(
            () -> {
              if (isPipe(fd)) {
                grow(fd, bytes);
              }
            });
  }

  private static boolean isPipe(int fd) {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString().startsWith("pipe:");
    } catch (IOException | UnsupportedOperationException e) {
      // No /proc (not Linux): grow() could do nothing there anyway.
      return false;
    }
  }

  /**
   * Asks for {@code bytes} of buffer on descriptor {@code fd} when it is a pipe; does nothing
   * elsewhere (not Linux, no native access for us, not a pipe, over the system's limit).
   */
  public static void grow(int fd, int bytes) {
    try {
      if (Fcntl.CALL.isEmpty()) {
        return;
      }
      try (Arena arena = Arena.ofConfined()) {
        long ignored =
            Fcntl.CALL.get().call(arena.allocate(Libc.CALL_STATE), fd, F_SETPIPE_SZ, bytes);
      }
    } catch (Throwable e) {
      // A pipe of the default size works, only with more reads.
    }
  }

  /** {@code fcntl}, linked once for the run: stdin's pipe and a splice's own may both grow. */
  private static final class Fcntl {

    /**
     * In the one shape a splice's calls share; a 64-bit Linux ABI passes fcntl's variadic third
     * argument as it passes the others.
     */
    static final Optional<WordCall> CALL = load();

    private static Optional<WordCall> load() {
      try {
        return Libc.forModuleOf(PipeCapacity.class).map(libc -> libc.wordCall("fcntl"));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }
}
