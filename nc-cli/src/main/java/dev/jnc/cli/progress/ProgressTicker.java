package dev.jnc.cli.progress;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Redraws a {@link TransferProgress} a few times a second on its own daemon thread. */
public final class ProgressTicker implements AutoCloseable {

  private static final long PERIOD_MILLIS = 250;

  private final TransferProgress progress;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("jnc-progress").daemon().unstarted(r));

  public ProgressTicker(TransferProgress progress) {
    this.progress = progress;
    timer.scheduleAtFixedRate(
        () -> progress.refresh(System.nanoTime()),
        PERIOD_MILLIS,
        PERIOD_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /** Stops redrawing and wipes the line. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    progress.clear();
  }
}
