package dev.jnc.lab.record;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Polls a {@link StateRecorder} on its own thread while a scenario runs, so that states passed
 * between two steps are caught too, as far as the observer's speed allows.
 */
public final class Sampler implements AutoCloseable {

  private final StateRecorder recorder;
  private final long pauseNanos;
  private final Thread thread;
  private final AtomicReference<IOException> failure = new AtomicReference<>();
  private volatile boolean running = true;

  public Sampler(StateRecorder recorder, long pauseNanos) {
    this.recorder = recorder;
    this.pauseNanos = pauseNanos;
    this.thread = Thread.ofPlatform().name("lab-sampler").daemon().unstarted(this::sample);
  }

  public Sampler start() {
    thread.start();
    return this;
  }

  private void sample() {
    while (running) {
      try {
        recorder.sample();
      } catch (IOException e) {
        failure.compareAndSet(null, e);
        return;
      }
      try {
        Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The observer's error that stopped sampling, if any. */
  public IOException failure() {
    return failure.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
  }
}
