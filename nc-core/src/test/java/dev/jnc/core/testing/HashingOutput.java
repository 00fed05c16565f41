package dev.jnc.core.testing;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;

/** An output that keeps only the count and the SHA-256 of what was written to it. */
public final class HashingOutput implements WritableByteChannel {

  private final MessageDigest digest = Sha256.newDigest();
  private long count;
  private boolean open = true;

  @Override
  public synchronized int write(ByteBuffer src) throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
    int n = src.remaining();
    digest.update(src);
    count += n;
    return n;
  }

  public synchronized long count() {
    return count;
  }

  public synchronized String sha256() {
    return Sha256.hexSoFar(digest);
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  @Override
  public synchronized void close() {
    open = false;
  }
}
