package dev.jnc.core.io;

import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits with {@code poll(2)} until a descriptor can be read or written. The file status flags
 * belong to the open file, which a parent or a shell shares with us, so stdin or stdout may come
 * non-blocking: a channel on it then returns 0 where it would wait, and trying again at once spins
 * a core (0.77 s of CPU in 0.74 s, sending 1 MiB from a slow non-blocking pipe, measured).
 */
final class DescriptorReadiness {

  static final short POLLIN = 0x1;
  static final short POLLOUT = 0x4;
  private static final short POLLERR = 0x8;
  private static final short POLLHUP = 0x10;

  /** How long one {@code poll} may wait before the thread looks at its interrupt status. */
  private static final int SLICE_MILLIS = 100;

  /** Where {@code poll} cannot be called: a pause short enough for a person not to notice. */
  private static final long FALLBACK_PAUSE_NANOS = 1_000_000;

  private DescriptorReadiness() {}

  /**
   * Returns once {@code fd} is ready for {@code events}, or has an error or a hang-up that the
   * caller's next read or write reports.
   *
   * @throws InterruptedIOException when the thread is interrupted, as a blocking channel would be
   */
  static void await(int fd, short events) throws InterruptedIOException {
    try {
      int revents = 0;
      while (revents == 0) {
        checkInterrupt();
        // -1 (EINTR) returns as well: the caller's retry finds out what there is.
        revents = poll(fd, events, SLICE_MILLIS);
      }
    } catch (InterruptedIOException e) {
      throw e;
    } catch (Throwable e) {
      LockSupport.parkNanos(FALLBACK_PAUSE_NANOS);
      checkInterrupt();
    }
  }

  /**
   * Whether {@code fd} reports an error or a hang-up ({@code POLLERR}, {@code POLLHUP}) without
   * waiting: a pipe or socket whose reader has gone. A full disk reports neither. True where {@code
   * poll} cannot be called, which is what a failed write meant before jnc could ask.
   */
  static boolean hungUp(int fd) {
    try {
      int revents = poll(fd, POLLOUT, 0);
      return revents > 0 && (revents & (POLLERR | POLLHUP)) != 0;
    } catch (Throwable e) {
      return true;
    }
  }

  /**
   * One {@code poll(2)} of {@code fd}: its returned events, 0 when the time ran out, -1 on an error
   * of the call (EINTR).
   *
   * @throws UnsupportedOperationException where {@code poll} cannot be called
   */
  private static int poll(int fd, short events, int timeoutMillis) throws Throwable {
    MethodHandle poll =
        Poll.HANDLE.orElseThrow(() -> new UnsupportedOperationException("no poll here"));
    try (Arena arena = Arena.ofConfined()) {
      // struct pollfd: int fd, short events, short revents.
      MemorySegment request = arena.allocate(8, 4);
      request.set(ValueLayout.JAVA_INT, 0, fd);
      request.set(ValueLayout.JAVA_SHORT, 4, events);
      int ready = (int) poll.invokeExact(request, 1L, timeoutMillis);
      return ready <= 0 ? ready : request.get(ValueLayout.JAVA_SHORT, 6) & 0xffff;
    }
  }

  private static void checkInterrupt() throws InterruptedIOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("interrupted while waiting for descriptor");
    }
  }

  /** Linked at the first wait: most runs never meet a non-blocking descriptor. */
  private static final class Poll {
    static final Optional<MethodHandle> HANDLE =
        Libc.forModuleOf(DescriptorReadiness.class)
            .map(
                libc ->
                    libc.function(
                        "poll",
                        FunctionDescriptor.of(
                            ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT)));
  }
}
