package dev.jnc.lab.observe;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/** mount(2), umount2(2) and geteuid(2) through the foreign-function API: no child processes. */
// Restricted methods are the point of this class; the launcher grants native access.
@SuppressWarnings("restricted")
final class Mounts {

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  private static final MethodHandle MOUNT =
      downcall(
          "mount",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG,
              ValueLayout.ADDRESS),
          CAPTURE_ERRNO);
  private static final MethodHandle UMOUNT2 =
      downcall(
          "umount2",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
          CAPTURE_ERRNO);
  private static final MethodHandle GETEUID =
      downcall("geteuid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
  private static final MethodHandle STRERROR =
      downcall("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

  private Mounts() {}

  private static MethodHandle downcall(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    MemorySegment symbol =
        LINKER
            .defaultLookup()
            .find(name)
            .orElseThrow(() -> new UnsupportedOperationException("no " + name + " in libc"));
    return LINKER.downcallHandle(symbol, descriptor, options);
  }

  /** True when this process runs with effective user id 0. */
  static boolean effectiveRoot() {
    try {
      return (int) GETEUID.invokeExact() == 0;
    } catch (Throwable t) {
      throw new IllegalStateException("geteuid failed", t);
    }
  }

  /** {@code mount -t tracefs nodev target}. */
  static void mountTracefs(Path target) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE_LAYOUT);
      int rc =
          (int)
              MOUNT.invokeExact(
                  errno,
                  arena.allocateFrom("nodev"),
                  arena.allocateFrom(target.toString()),
                  arena.allocateFrom("tracefs"),
                  0L,
                  MemorySegment.NULL);
      if (rc != 0) {
        throw new IOException("cannot mount tracefs on " + target + ": " + error(errno));
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("mount failed", t);
    }
  }

  /** {@code umount2(2)}: detach now, even while a reader still has a file open on it. */
  private static final int MNT_DETACH = 2;

  /**
   * {@code umount -l target}: lazy, because at exit a thread may still hold {@code trace_pipe}
   * open, and a plain unmount would then fail with EBUSY and leave the mount behind.
   */
  static void unmount(Path target) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE_LAYOUT);
      int rc = (int) UMOUNT2.invokeExact(errno, arena.allocateFrom(target.toString()), MNT_DETACH);
      if (rc != 0) {
        throw new IOException("cannot unmount " + target + ": " + error(errno));
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("umount failed", t);
    }
  }

  private static String error(MemorySegment errno) throws Throwable {
    int code = (int) ERRNO.get(errno, 0L);
    MemorySegment text = (MemorySegment) STRERROR.invokeExact(code);
    return text.reinterpret(256).getString(0);
  }
}
