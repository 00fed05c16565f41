package dev.jnc.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * An output channel together with the number of its file descriptor, which the JDK keeps private:
 * with it the relay can hand received bytes to the output with {@code splice} instead of copying
 * them through our memory. Writes go to {@code channel} as before.
 *
 * @param channel the channel on the descriptor
 * @param fd the descriptor's number, as in {@code 1} for stdout
 */
public record DescriptorOutput(WritableByteChannel channel, int fd) implements WritableByteChannel {

  @Override
  public int write(ByteBuffer source) throws IOException {
    return channel.write(source);
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
