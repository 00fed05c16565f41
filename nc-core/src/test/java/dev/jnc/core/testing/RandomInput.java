package dev.jnc.core.testing;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.SplittableRandom;

/**
 * An input of {@code size} random bytes that hashes what it hands out, so that a transfer of many
 * megabytes can be checked without holding it in memory.
 */
public final class RandomInput implements ReadableByteChannel {

  private static final int CHUNK = 64 * 1024;

  private final SplittableRandom random;
  private final MessageDigest digest = Sha256.newDigest();
  private final byte[] chunk = new byte[CHUNK];
  private long remaining;
  private boolean open = true;

  public RandomInput(long seed, long size) {
    this.random = new SplittableRandom(seed);
    this.remaining = size;
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
    if (remaining == 0) {
      return -1;
    }
    int n = (int) Math.min(Math.min(remaining, dst.remaining()), CHUNK);
    random.nextBytes(chunk);
    digest.update(chunk, 0, n);
    dst.put(chunk, 0, n);
    remaining -= n;
    return n;
  }

  /** The SHA-256 of every byte read; only meaningful once the input is exhausted. */
  public synchronized String sha256() {
    if (remaining != 0) {
      throw new IllegalStateException(remaining + " bytes not read yet");
    }
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
