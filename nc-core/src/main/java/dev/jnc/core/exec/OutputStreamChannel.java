package dev.jnc.core.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A channel onto a program's stdin that flushes every write. {@link Process#getOutputStream()} is
 * buffered, and an interactive program must see each chunk as soon as the peer sends it.
 */
final class OutputStreamChannel implements WritableByteChannel {

  private final OutputStream out;
  private final byte[] buffer = new byte[64 * 1024];
  private boolean open = true;

  OutputStreamChannel(OutputStream out) {
    this.out = out;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int total = src.remaining();
    while (src.hasRemaining()) {
      int n = Math.min(buffer.length, src.remaining());
      src.get(buffer, 0, n);
      out.write(buffer, 0, n);
    }
    out.flush();
    return total;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    if (open) {
      open = false;
      out.close();
    }
  }
}
