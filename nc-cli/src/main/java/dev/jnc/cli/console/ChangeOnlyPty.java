package dev.jnc.cli.console;

import dev.jnc.core.io.Libc;
import dev.jnc.core.io.WordCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Optional;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.spi.Pty;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * JLine's {@code stty} pty, which runs {@code stty} only when the terminal's modes must change.
 *
 * <p>JLine's editor asks for the terminal's size and enters raw mode at each line, and restores the
 * modes after it: {@code stty} processes at every line, so a pasted block went out at 30-40 lines a
 * second and a paste that ended the session early was cut short. The size comes from one {@code
 * ioctl} instead. The modes it sets are the ones the terminal already has (jnc keeps it raw for the
 * whole run), so the modes last read or set are kept, and kept only while the terminal's {@code
 * termios} is byte for byte what it was then: {@code tcgetattr} is one system call, and sees what a
 * shell changed while jnc was stopped (Ctrl-Z, then {@code fg}).
 */
final class ChangeOnlyPty implements Pty {

  /** Ample for Linux's {@code struct termios} (60 bytes on x86-64 and arm64). */
  private static final int TERMIOS_CAPACITY = 128;

  private static final int STDIN = 0;
  private static final int TIOCGWINSZ = 0x5413;

  private final Pty stty;
  private final Optional<WordCall> tcgetattr;
  private final Optional<WordCall> ioctl;

  /** The modes last read or set, and the terminal's {@code termios} just after. */
  private Attributes known;

  private byte[] knownTermios;

  ChangeOnlyPty(Pty stty) {
    this.stty = stty;
    Optional<Libc> libc = Libc.forModuleOf(ChangeOnlyPty.class);
    this.tcgetattr = libc.map(c -> c.wordCall("tcgetattr"));
    this.ioctl = libc.map(c -> c.wordCall("ioctl"));
  }

  @Override
  public synchronized Attributes getAttr() throws IOException {
    byte[] termios = termios();
    if (known != null && termios != null && Arrays.equals(termios, knownTermios)) {
      return new Attributes(known);
    }
    Attributes read = stty.getAttr();
    remember(read, termios);
    return read;
  }

  @Override
  public synchronized void setAttr(Attributes attributes) throws IOException {
    if (same(getAttr(), attributes)) {
      return;
    }
    stty.setAttr(attributes);
    remember(attributes, termios());
  }

  private void remember(Attributes attributes, byte[] termios) {
    known = termios == null ? null : new Attributes(attributes);
    knownTermios = termios;
  }

  /** The terminal's {@code termios} as bytes, or {@code null} when it cannot be read. */
  private byte[] termios() {
    if (tcgetattr.isEmpty()) {
      return null;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment termios = arena.allocate(TERMIOS_CAPACITY, 8);
      long result = tcgetattr.get().call(arena.allocate(Libc.CALL_STATE), STDIN, termios.address());
      return result == 0 ? termios.toArray(ValueLayout.JAVA_BYTE) : null;
    }
  }

  private static boolean same(Attributes a, Attributes b) {
    return a.getInputFlags().equals(b.getInputFlags())
        && a.getOutputFlags().equals(b.getOutputFlags())
        && a.getControlFlags().equals(b.getControlFlags())
        && a.getLocalFlags().equals(b.getLocalFlags())
        && a.getControlChars().equals(b.getControlChars());
  }

  @Override
  public InputStream getMasterInput() throws IOException {
    return stty.getMasterInput();
  }

  @Override
  public OutputStream getMasterOutput() throws IOException {
    return stty.getMasterOutput();
  }

  @Override
  public InputStream getSlaveInput() throws IOException {
    return stty.getSlaveInput();
  }

  @Override
  public OutputStream getSlaveOutput() throws IOException {
    return stty.getSlaveOutput();
  }

  @Override
  public Size getSize() throws IOException {
    if (ioctl.isPresent()) {
      try (Arena arena = Arena.ofConfined()) {
        // struct winsize: rows, then columns, as unsigned shorts.
        MemorySegment size = arena.allocate(8, 8);
        if (ioctl.get().call(arena.allocate(Libc.CALL_STATE), STDIN, TIOCGWINSZ, size.address())
            == 0) {
          return new Size(
              Short.toUnsignedInt(size.get(ValueLayout.JAVA_SHORT, 2)),
              Short.toUnsignedInt(size.get(ValueLayout.JAVA_SHORT, 0)));
        }
      }
    }
    return stty.getSize();
  }

  @Override
  public void setSize(Size size) throws IOException {
    stty.setSize(size);
  }

  @Override
  public SystemStream getSystemStream() {
    return stty.getSystemStream();
  }

  @Override
  public TerminalProvider getProvider() {
    return stty.getProvider();
  }

  @Override
  public void close() throws IOException {
    stty.close();
  }
}
