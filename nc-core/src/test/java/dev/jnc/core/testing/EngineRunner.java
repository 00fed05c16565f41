package dev.jnc.core.testing;

import dev.jnc.core.Netcat;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.options.NcOptions;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@link Netcat#run} on background threads so that a test can play the other side. Close it in
 * the test (try-with-resources) so that no run outlives the test.
 */
public final class EngineRunner implements AutoCloseable {

  private final AtomicInteger count = new AtomicInteger();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          task ->
              Thread.ofPlatform().name("test-netcat-" + count.incrementAndGet()).unstarted(task));

  /** Starts one run; the future holds what {@link Netcat#run} returned or threw. */
  public Future<Boolean> start(
      NcOptions options, NcListener listener, ReadableByteChannel in, WritableByteChannel out) {
    return executor.submit(() -> new Netcat(options, listener).run(in, out));
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdownNow();
    if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new AssertionError("a netcat run did not stop within 10 s of being interrupted");
    }
  }
}
