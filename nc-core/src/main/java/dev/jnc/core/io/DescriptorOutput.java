package dev.jnc.core.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * An output channel together with the number of its file descriptor, which the JDK keeps private:
 * with it the relay can hand received bytes to the output with {@code splice} instead of copying
 * them through our memory, and a write waits for room even when the descriptor came to us
 * non-blocking, as a blocking write would.
 *
 * @param channel the channel on the descriptor
 * @param fd the descriptor's number, as in {@code 1} for stdout
 */
public record DescriptorOutput(WritableByteChannel channel, int fd) implements WritableByteChannel {

  @Override
  public int write(ByteBuffer source) throws IOException {
    int written = channel.write(source);
    // A blocking descriptor never takes 0 of a non-empty buffer; a non-blocking one is full.
    while (written == 0 && source.hasRemaining()) {
      awaitRoom();
      written = channel.write(source);
    }
    return written;
  }

  /** Returns once the descriptor takes bytes again, or reports an error to the next write. */
  public void awaitRoom() throws InterruptedIOException {
    DescriptorReadiness.await(fd, DescriptorReadiness.POLLOUT);
  }

  /**
   * After a failed write to {@code output}: whether its reader has gone (a pipe or socket closed at
   * the other end), as opposed to an output that refused the bytes (a full disk, an I/O error).
   * Only a descriptor can tell; of any other output, a failed write means its reader has gone.
   */
  public static boolean readerGone(WritableByteChannel output) {
    return !(output instanceof DescriptorOutput descriptor)
        || DescriptorReadiness.hungUp(descriptor.fd);
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
