package dev.jnc.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The training run for the JDK's ahead-of-time cache ({@code -XX:AOTCacheOutput}), run once at
 * package time: it takes the paths a short {@code jnc} run takes (parse, help, a {@code -z} probe,
 * a one-line exchange, a usage error) over loopback, so their classes come linked from the cache at
 * every later start. Not part of {@code jnc} itself.
 */
public final class AotTraining {

  private AotTraining() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      String port = Integer.toString(((InetSocketAddress) server.getLocalAddress()).getPort());
      Thread echo = Thread.ofPlatform().daemon().start(() -> echoOnce(server));
      run(quiet, "", "-h");
      run(quiet, "", "-vz", "127.0.0.1", port);
      run(quiet, "hello\n", "-v", "127.0.0.1", port);
      run(quiet, "", "-x");
      echo.join(5_000);
    }
  }

  private static void run(PrintStream err, String input, String... args) {
    var in = Channels.newChannel(new java.io.ByteArrayInputStream(input.getBytes()));
    var out = Channels.newChannel(new ByteArrayOutputStream());
    Jnc.run(in, out, err, false, args);
  }

  /** Accepts the probe, then echoes one exchange back. */
  private static void echoOnce(ServerSocketChannel server) {
    try {
      server.accept().close();
      try (SocketChannel client = server.accept()) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        while (client.read(buffer) >= 0) {
          buffer.flip();
          client.write(buffer);
          buffer.clear();
        }
      }
    } catch (IOException e) {
      // A training run that ends early still trained what it ran.
    }
  }
}
