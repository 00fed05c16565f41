package dev.jnc.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.options.NcOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One run of the real engine on its own thread, with pipes for stdin and stdout that the test types
 * into and reads from, and every event recorded.
 */
public final class EngineRun implements AutoCloseable {

  private final Pipe stdin;
  private final Pipe stdout;
  private final List<NcEvent> events = new CopyOnWriteArrayList<>();
  private final CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
  private final CompletableFuture<Boolean> result = new CompletableFuture<>();

  private EngineRun(NcOptions options) throws IOException {
    stdin = Pipe.open();
    stdout = Pipe.open();
    Thread.ofPlatform()
        .name("test-engine")
        .daemon()
        .start(
            () -> {
              try {
                result.complete(
                    new Netcat(options, this::record).run(stdin.source(), stdout.sink()));
              } catch (Throwable e) {
                result.completeExceptionally(e);
              } finally {
                closeQuietly(stdout.sink());
              }
            });
  }

  public static EngineRun start(NcOptions options) throws IOException {
    return new EngineRun(options);
  }

  private void record(NcEvent event) {
    events.add(event);
    if (event instanceof NcEvent.Listening l) {
      listening.complete(l.local());
    }
  }

  /** The port a listening run bound. */
  public int listeningPort() throws Exception {
    return listening.get(10, TimeUnit.SECONDS).getPort();
  }

  public void type(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      stdin.sink().write(buffer);
    }
  }

  public void endInput() throws IOException {
    stdin.sink().close();
  }

  /** Reads exactly {@code n} bytes of the run's stdout (the test's timeout bounds the wait). */
  public byte[] readOutput(int n) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(n);
    while (buffer.hasRemaining()) {
      if (stdout.source().read(buffer) < 0) {
        throw new IOException("stdout ended after " + buffer.position() + " of " + n + " bytes");
      }
    }
    return buffer.array();
  }

  /** The run's result: {@code true} for a connection that ended normally. */
  public boolean awaitResult() throws Exception {
    return result.get(20, TimeUnit.SECONDS);
  }

  /** The failure the run ended with. */
  public Throwable awaitFailure() throws Exception {
    return result.handle((ok, failure) -> failure).get(20, TimeUnit.SECONDS);
  }

  public List<NcEvent> events() {
    return List.copyOf(events);
  }

  public <T extends NcEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Reads a stream to its end, as a peer waiting for our FIN does. */
  public static byte[] readToEnd(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    assertThat(in.read()).as("FIN after the data").isEqualTo(-1);
    return all;
  }

  @Override
  public void close() {
    closeQuietly(stdin.sink());
    closeQuietly(stdin.source());
    closeQuietly(stdout.source());
  }

  private static void closeQuietly(java.nio.channels.Channel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing test plumbing: nothing to report.
    }
  }
}
