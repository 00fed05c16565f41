package dev.jnc.cli.console;

import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The person at the terminal, seen by the engine as two byte channels. This type names no JLine
 * class, so that code holding one does not load JLine: only {@link LineEditingConsole} does, and
 * only when stdin is a terminal.
 */
public interface TerminalConsole extends AutoCloseable {

  /** The lines typed, each ending in LF ({@code -c} turns it into CRLF on the way out). */
  ReadableByteChannel input();

  /** Data from the peer, printed above the line being typed. */
  WritableByteChannel output();

  /** Prints what is still held and gives the terminal back its settings. */
  @Override
  void close();
}
