package dev.jnc.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Calls in {@link Libc#wordCall}'s one shape, made for real on this machine's C library. */
@EnabledOnOs(OS.LINUX)
class LibcTest {

  private static final int EBADF = 9;

  private final Libc libc = Libc.forModuleOf(Libc.class).orElseThrow();

  @Test
  void anIntResultCutBackToIntIsTheFunctionsAndItsErrnoIsKept() throws Throwable {
    MethodHandle close = libc.wordCall("close");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      long result = (long) close.invokeExact(state, -1L, 0L, 0L, 0L, 0L, 0L);
      assertThat((int) result).isEqualTo(-1);
      assertThat(Libc.errno(state)).isEqualTo(EBADF);
    }
  }

  @Test
  void pointersTravelAsAddressesAndBytesCrossARealPipe() throws Throwable {
    MethodHandle pipe2 = libc.wordCall("pipe2");
    MethodHandle write = libc.wordCall("write");
    MethodHandle read = libc.wordCall("read");
    MethodHandle close = libc.wordCall("close");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      MemorySegment ends = arena.allocate(ValueLayout.JAVA_INT, 2);
      assertThat((int) (long) pipe2.invokeExact(state, ends.address(), 0L, 0L, 0L, 0L, 0L))
          .isZero();
      long readEnd = ends.getAtIndex(ValueLayout.JAVA_INT, 0);
      long writeEnd = ends.getAtIndex(ValueLayout.JAVA_INT, 1);
      assertThat(readEnd).isGreaterThan(2);
      assertThat(writeEnd).isGreaterThan(2).isNotEqualTo(readEnd);
      try {
        MemorySegment sent = arena.allocateFrom("jnc");
        MemorySegment received = arena.allocate(8);
        assertThat((long) write.invokeExact(state, writeEnd, sent.address(), 3L, 0L, 0L, 0L))
            .isEqualTo(3);
        assertThat((long) read.invokeExact(state, readEnd, received.address(), 8L, 0L, 0L, 0L))
            .isEqualTo(3);
        assertThat(received.getString(0)).isEqualTo("jnc");
      } finally {
        long ignored = (long) close.invokeExact(state, readEnd, 0L, 0L, 0L, 0L, 0L);
        ignored = (long) close.invokeExact(state, writeEnd, 0L, 0L, 0L, 0L, 0L);
      }
    }
  }
}
