package dev.jnc.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** {@link WordCall}s, made for real on this machine's C library. */
@EnabledOnOs(OS.LINUX)
class LibcTest {

  private static final int ENOENT = 2;
  private static final int EBADF = 9;

  private final Libc libc = Libc.forModuleOf(Libc.class).orElseThrow();

  @Test
  void anIntResultCutBackToIntIsTheFunctionsAndItsErrnoIsKept() {
    WordCall close = libc.wordCall("close");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      long result = close.call(state, -1);
      assertThat((int) result).isEqualTo(-1);
      assertThat(Libc.errno(state)).isEqualTo(EBADF);
    }
  }

  @Test
  void pointersTravelAsAddressesAndBytesCrossARealPipe() {
    WordCall pipe2 = libc.wordCall("pipe2");
    WordCall write = libc.wordCall("write");
    WordCall read = libc.wordCall("read");
    WordCall close = libc.wordCall("close");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      MemorySegment ends = arena.allocate(ValueLayout.JAVA_INT, 2);
      assertThat((int) pipe2.call(state, ends.address(), 0)).isZero();
      long readEnd = ends.getAtIndex(ValueLayout.JAVA_INT, 0);
      long writeEnd = ends.getAtIndex(ValueLayout.JAVA_INT, 1);
      assertThat(readEnd).isGreaterThan(2);
      assertThat(writeEnd).isGreaterThan(2).isNotEqualTo(readEnd);
      try {
        MemorySegment sent = arena.allocateFrom("jnc");
        MemorySegment received = arena.allocate(8);
        assertThat(write.call(state, writeEnd, sent.address(), 3)).isEqualTo(3);
        assertThat(read.call(state, readEnd, received.address(), 8)).isEqualTo(3);
        assertThat(received.getString(0)).isEqualTo("jnc");
      } finally {
        long ignored = close.call(state, readEnd);
        ignored = close.call(state, writeEnd);
      }
    }
  }

  @Test
  void strerrorGivesTheLibrarysTextForAnErrnoAsTheCallLeftIt() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      long ignored = libc.wordCall("close").call(state, -1);
      String text = libc.strerror(Libc.errno(state));

      // The C library's own words, in the locale's language: "Bad file descriptor" in English.
      assertThat(text).isNotBlank().doesNotStartWith("errno").isNotEqualTo(libc.strerror(ENOENT));
      assertThat(text).isEqualTo(libc.strerror(EBADF));
    }
  }
}
