package dev.jnc.core.io;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

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
   * Asks for {@code bytes} of buffer on descriptor {@code fd} when it is a pipe; does nothing
   * elsewhere (not Linux, no native access for us, not a pipe, over the system's limit).
   */
  public static void grow(int fd, int bytes) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.startsWith("linux") || !PipeCapacity.class.getModule().isNativeAccessEnabled()) {
      return;
    }
    try {
      Linker linker = Linker.nativeLinker();
      MethodHandle fcntl =
          linker.downcallHandle(
              linker.defaultLookup().find("fcntl").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT),
              Linker.Option.firstVariadicArg(2));
      int ignored = (int) fcntl.invokeExact(fd, F_SETPIPE_SZ, bytes);
    } catch (Throwable e) {
      // A pipe of the default size works, only with more reads.
    }
  }
}
