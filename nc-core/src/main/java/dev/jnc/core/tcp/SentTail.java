package dev.jnc.core.tcp;

import java.nio.ByteBuffer;

/**
 * The last bytes written to a socket, kept so that the ones its peer never acknowledged can go to
 * the next connection: with {@code -L} the input is shared, and a client that leaves takes with it
 * what the kernel still held for it (some 4 MB on loopback). Grown to what the send queue holds,
 * within {@link #LIMIT}.
 */
final class SentTail {

  /** More than Linux lets one socket's send queue hold by default ({@code tcp_wmem}: 4 MiB). */
  static final int LIMIT = 16 * 1024 * 1024;

  private static final int FIRST_SIZE = 64 * 1024;

  private byte[] ring = new byte[FIRST_SIZE];

  /** How many bytes were ever recorded; the newest is at {@code (recorded - 1) % ring.length}. */
  private long recorded;

  /** How many bytes it can hold now. */
  int size() {
    return ring.length;
  }

  /** Forgets what it holds, for the next connection; keeps its size. */
  SentTail emptied() {
    recorded = 0;
    return this;
  }

  /** Records the {@code length} bytes of {@code source} from {@code from}, as written. */
  void record(ByteBuffer source, int from, int length) {
    put(recorded, source, from, length);
    recorded += length;
  }

  /** Makes room for at least {@code bytes} (within {@link #LIMIT}), keeping what is held. */
  void holdAtLeast(long bytes) {
    if (bytes <= ring.length || ring.length >= LIMIT) {
      return;
    }
    int size = ring.length;
    while (size < bytes && size < LIMIT) {
      size *= 2;
    }
    ByteBuffer kept = last(recorded);
    ring = new byte[size];
    put(recorded - kept.remaining(), kept, 0, kept.remaining());
  }

  /** A copy of the newest {@code count} bytes, or of all it holds when it holds fewer. */
  ByteBuffer last(long count) {
    int length = (int) Math.min(count, Math.min(recorded, ring.length));
    ByteBuffer copy = ByteBuffer.allocate(length);
    long first = recorded - length;
    for (int done = 0; done < length; ) {
      int at = (int) ((first + done) % ring.length);
      int run = Math.min(length - done, ring.length - at);
      copy.put(done, ring, at, run);
      done += run;
    }
    return copy;
  }

  /** Writes the bytes that are at {@code offset} in the stream where the ring keeps that offset. */
  private void put(long offset, ByteBuffer source, int from, int length) {
    int skip = Math.max(0, length - ring.length);
    for (int done = skip; done < length; ) {
      int at = (int) ((offset + done) % ring.length);
      int run = Math.min(length - done, ring.length - at);
      source.get(from + done, ring, at, run);
      done += run;
    }
  }
}
