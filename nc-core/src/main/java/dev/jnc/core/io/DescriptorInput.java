package dev.jnc.core.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An input channel together with the number of its file descriptor, which the JDK keeps private: a
 * read waits for bytes even when the descriptor came to us non-blocking, as a blocking read would.
 *
 * @param channel the channel on the descriptor
 * @param fd the descriptor's number, as in {@code 0} for stdin
 */
public record DescriptorInput(ReadableByteChannel channel, int fd) implements ReadableByteChannel {

  /** How often a background job looks again whether it may read its terminal. */
  private static final long BACKGROUND_PAUSE_MILLIS = 200;

  @Override
  public int read(ByteBuffer target) throws IOException {
    int n = readOrWaitForTheForeground(target);
    // A blocking descriptor never returns 0 for room to fill; a non-blocking one has nothing yet.
    while (n == 0 && target.hasRemaining()) {
      DescriptorReadiness.await(fd, DescriptorReadiness.POLLIN);
      n = readOrWaitForTheForeground(target);
    }
    return n;
  }

  /**
   * Reads, or, while the descriptor is a terminal this process may not read (a background job),
   * waits until it may. The launcher ignores SIGTTIN, so that such a read fails with EIO instead of
   * stopping the JVM: stopped, the JVM never ran its SIGTERM handler, because the read, done again
   * at the SIGCONT that {@code kill} and {@code timeout} send with it, stopped it first (strace),
   * and {@code timeout 5 jnc ... > file} run from a terminal hung for good.
   */
  private int readOrWaitForTheForeground(ByteBuffer target) throws IOException {
    while (true) {
      try {
        return channel.read(target);
      } catch (IOException e) {
        if (!"Input/output error".equals(e.getMessage()) || !isTerminal()) {
          throw e;
        }
      }
      try {
        Thread.sleep(BACKGROUND_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while in the background");
      }
    }
  }

  private boolean isTerminal() {
    try {
      String device = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
