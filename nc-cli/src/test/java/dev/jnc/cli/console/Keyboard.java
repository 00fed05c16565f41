package dev.jnc.cli.console;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Keys typed by a test, one at a time, into an in-memory terminal; {@link #hangUp} ends input. */
final class Keyboard extends InputStream {

  private static final int END = -1;

  private final BlockingQueue<Integer> keys = new LinkedBlockingQueue<>();

  void type(String text) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      keys.add(b & 0xff);
    }
  }

  void hangUp() {
    keys.add(END);
  }

  @Override
  public int read() throws InterruptedIOException {
    try {
      int key = keys.take();
      if (key == END) {
        keys.add(END);
      }
      return key;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("keyboard read interrupted");
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws InterruptedIOException {
    if (len == 0) {
      return 0;
    }
    int key = read();
    if (key == END) {
      return END;
    }
    b[off] = (byte) key;
    return 1;
  }

  @Override
  public int available() {
    return keys.size();
  }
}
