package dev.jnc.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * An input channel together with the number of its file descriptor, which the JDK keeps private: a
 * read waits for bytes even when the descriptor came to us non-blocking, as a blocking read would.
 *
 * @param channel the channel on the descriptor
 * @param fd the descriptor's number, as in {@code 0} for stdin
 */
public record DescriptorInput(ReadableByteChannel channel, int fd) implements ReadableByteChannel {

  @Override
  public int read(ByteBuffer target) throws IOException {
    int n = channel.read(target);
    // A blocking descriptor never returns 0 for room to fill; a non-blocking one has nothing yet.
    while (n == 0 && target.hasRemaining()) {
      DescriptorReadiness.await(fd, DescriptorReadiness.POLLIN);
      n = channel.read(target);
    }
    return n;
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
