package dev.jnc.core.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.util.concurrent.CountDownLatch;

/**
 * An input that hands out its bytes and then never ends: a read blocks until the channel is closed
 * or the reading thread is interrupted, as a terminal or a pipe whose writer keeps it open would.
 * Stands for "our input stays open" without a thread to hold a pipe.
 */
public final class HeldOpenInput extends AbstractInterruptibleChannel
    implements ReadableByteChannel {

  private final ByteBuffer data;
  private final CountDownLatch closed = new CountDownLatch(1);

  public HeldOpenInput(byte[] data) {
    this.data = ByteBuffer.wrap(data.clone());
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
    synchronized (data) {
      if (data.hasRemaining()) {
        int n = Math.min(data.remaining(), dst.remaining());
        dst.put(data.slice(data.position(), n));
        data.position(data.position() + n);
        return n;
      }
    }
    boolean completed = false;
    try {
      begin();
      closed.await();
      completed = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      end(completed && isOpen());
    }
    throw new AsynchronousCloseException();
  }

  @Override
  protected void implCloseChannel() {
    closed.countDown();
  }
}
