package dev.jnc.cli.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.Charset;

/**
 * A channel that reads one typed line at a time from a {@link LineSource} and hands it on as bytes,
 * as a terminal in canonical mode would.
 */
final class LineInput implements ReadableByteChannel {

  /**
   * Reads the next line with its LF, or the text typed before a Ctrl-D without one; {@code null} at
   * the end of input (Ctrl-D on an empty line).
   */
  @FunctionalInterface
  interface LineSource {
    String readLine() throws IOException;
  }

  private final LineSource source;
  private final Charset charset;
  private ByteBuffer pending = ByteBuffer.allocate(0);
  private boolean ended;
  private volatile boolean open = true;

  LineInput(LineSource source, Charset charset) {
    this.source = source;
    this.charset = charset;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    if (!pending.hasRemaining()) {
      if (ended) {
        return -1;
      }
      String line = source.readLine();
      if (line == null) {
        ended = true;
        return -1;
      }
      pending = ByteBuffer.wrap(line.getBytes(charset));
    }
    int n = Math.min(dst.remaining(), pending.remaining());
    ByteBuffer slice = pending.slice(pending.position(), n);
    dst.put(slice);
    pending.position(pending.position() + n);
    return n;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
