package dev.jnc.core.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Writes to a blocking output on its own thread, so the relay never blocks on it. The relay hands
 * over one chunk at a time and reads no more from the network until the pump is {@link #ready}
 * again (backpressure without a growing queue).
 *
 * <p>An {@code -e} program needs this: while the relay waits for the program to read its stdin, the
 * program may be waiting for us to take its stdout, and a blocking write would deadlock the two.
 */
public final class OutputPump implements WritableByteChannel {

  private final WritableByteChannel target;
  private final ByteBuffer buffer;
  private final Object lock = new Object();
  private volatile Runnable onReady = () -> {};
  private boolean busy;
  private boolean closing;
  private boolean open = true;
  private IOException failure;

  public OutputPump(WritableByteChannel target, int bufferSize, String threadName) {
    this.target = target;
    this.buffer = ByteBuffer.allocate(bufferSize);
    Thread.ofPlatform().name(threadName).daemon().start(this::pump);
  }

  /** Called on the pump's thread each time it becomes ready, to wake the relay's selector. */
  public void onReady(Runnable callback) {
    onReady = callback;
  }

  /** Whether {@link #write} will take a chunk now (or report the failure of an earlier one). */
  public boolean ready() {
    synchronized (lock) {
      return !busy || failure != null;
    }
  }

  /**
   * Takes up to a buffer's worth of {@code src} and returns at once.
   *
   * @throws IOException the failure of an earlier write: the output is gone
   */
  @Override
  public int write(ByteBuffer src) throws IOException {
    synchronized (lock) {
      if (failure != null) {
        throw failure;
      }
      if (busy || closing) {
        throw new IllegalStateException("output pump is not ready");
      }
      int n = Math.min(src.remaining(), buffer.capacity());
      buffer.clear();
      buffer.put(src.slice(src.position(), n));
      src.position(src.position() + n);
      buffer.flip();
      busy = true;
      lock.notifyAll();
      return n;
    }
  }

  @Override
  public boolean isOpen() {
    synchronized (lock) {
      return open;
    }
  }

  /** Closes the target once the chunk in hand is written; does not wait for that. */
  @Override
  public void close() {
    synchronized (lock) {
      open = false;
      closing = true;
      lock.notifyAll();
    }
  }

  private void pump() {
    while (true) {
      synchronized (lock) {
        while (!busy && !closing) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            closing = true;
          }
        }
        if (!busy) {
          break;
        }
      }
      IOException error = null;
      try {
        while (buffer.hasRemaining()) {
          target.write(buffer);
        }
      } catch (IOException e) {
        error = e;
      }
      synchronized (lock) {
        busy = false;
        if (error != null) {
          failure = error;
        }
      }
      onReady.run();
    }
    try {
      target.close();
    } catch (IOException e) {
      // The reader already closed its end: closing ours has nothing more to say.
    }
  }
}
