package dev.jnc.core.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * A terminal's settings as the kernel keeps them ({@code struct termios}), taken before JLine
 * changes them and put back after JLine restored its own copy. JLine 3.30.6 restores only the flags
 * it knows, on a zeroed struct: every terminal it gave back said {@code speed 0 baud}, and on a
 * serial line a speed of 0 hangs the line up (jline3 #2170; the releases that fix it come without
 * their parent POM from the registry this project builds from).
 */
public final class TerminalModes {

  private static final int TCSANOW = 0;

  /** More than any C library's {@code struct termios} on 64-bit Linux (glibc's has 60 bytes). */
  private static final long TERMIOS_BYTES = 256;

  private final int fd;
  private final byte[] termios;
  private final WordCall tcsetattr;

  private TerminalModes(int fd, byte[] termios, WordCall tcsetattr) {
    this.fd = fd;
    this.termios = termios;
    this.tcsetattr = tcsetattr;
  }

  /**
   * The settings of the terminal on {@code fd}; empty where they cannot be read (not Linux, no
   * native access, not a terminal), and then nothing is put back.
   */
  public static Optional<TerminalModes> of(int fd) {
    try {
      Optional<Libc> libc = Libc.forModuleOf(TerminalModes.class);
      if (libc.isEmpty()) {
        return Optional.empty();
      }
      WordCall tcgetattr = libc.get().wordCall("tcgetattr");
      WordCall tcsetattr = libc.get().wordCall("tcsetattr");
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment state = arena.allocate(Libc.CALL_STATE);
        MemorySegment settings = arena.allocate(TERMIOS_BYTES);
        if ((int) tcgetattr.call(state, fd, settings.address()) != 0) {
          return Optional.empty();
        }
        return Optional.of(
            new TerminalModes(fd, settings.toArray(ValueLayout.JAVA_BYTE), tcsetattr));
      }
    } catch (RuntimeException e) {
      // The C library lacks the call: the editor's own restore is all there is.
      return Optional.empty();
    }
  }

  /** Puts the settings back as they were taken; a terminal that is gone is left alone. */
  public void restore() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment settings = arena.allocate(TERMIOS_BYTES);
      settings.copyFrom(MemorySegment.ofArray(termios));
      long ignored =
          tcsetattr.call(arena.allocate(Libc.CALL_STATE), fd, TCSANOW, settings.address());
    }
  }
}
