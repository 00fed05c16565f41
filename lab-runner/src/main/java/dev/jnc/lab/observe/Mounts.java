package dev.jnc.lab.observe;

import dev.jnc.core.io.Libc;
import dev.jnc.core.io.WordCall;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;

/**
 * mount(2) and umount2(2) through the foreign-function API, in nc-core's one shape ({@link
 * WordCall}, see {@link NetlinkSocket}): no child processes.
 */
final class Mounts {

  /** {@code umount2(2)}: detach now, even while a reader still has a file open on it. */
  private static final int MNT_DETACH = 2;

  /** The calls, linked at the first one; none without native access. */
  private record Calls(Libc libc, WordCall mount, WordCall umount2) {

    static final Optional<Calls> LINKED = Libc.forModuleOf(Mounts.class).map(Calls::of);

    static Calls of(Libc libc) {
      return new Calls(libc, libc.wordCall("mount"), libc.wordCall("umount2"));
    }
  }

  /**
   * @throws IllegalCallerException without native access, at every attempt
   */
  private static Calls calls() {
    return Calls.LINKED.orElseThrow(IllegalCallerException::new);
  }

  private Mounts() {}

  /** {@code mount -t tracefs nodev target}. */
  static void mountTracefs(Path target) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      int rc =
          (int)
              calls()
                  .mount()
                  .call(
                      state,
                      arena.allocateFrom("nodev").address(),
                      arena.allocateFrom(target.toString()).address(),
                      arena.allocateFrom("tracefs").address(),
                      0L,
                      0L);
      if (rc != 0) {
        throw new IOException("cannot mount tracefs on " + target + ": " + error(state));
      }
    } catch (RuntimeException e) {
      throw new IOException("mount failed", e);
    }
  }

  /**
   * {@code umount -l target}: lazy, because at exit a thread may still hold {@code trace_pipe}
   * open, and a plain unmount would then fail with EBUSY and leave the mount behind.
   */
  static void unmount(Path target) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      int rc =
          (int)
              calls()
                  .umount2()
                  .call(state, arena.allocateFrom(target.toString()).address(), MNT_DETACH);
      if (rc != 0) {
        throw new IOException("cannot unmount " + target + ": " + error(state));
      }
    } catch (RuntimeException e) {
      throw new IOException("umount failed", e);
    }
  }

  private static String error(MemorySegment state) {
    return calls().libc().strerror(Libc.errno(state));
  }
}
