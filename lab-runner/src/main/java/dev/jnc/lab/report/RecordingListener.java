package dev.jnc.lab.report;

import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.scenario.RunListener;
import dev.jnc.lab.scenario.RunResult;
import dev.jnc.lab.scenario.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a run's steps and snapshots for a report ({@link RunListener#both} shows them as well).
 * Single use: one instance per run.
 */
public final class RecordingListener implements RunListener {

  /** When the first step began, which the report counts from; until then, when this was made. */
  private long startNanos = System.nanoTime();

  private final String observer;
  private final List<RecordedRun.StepRecord> steps = new ArrayList<>();
  private final List<RecordedRun.SnapshotRecord> snapshots = new ArrayList<>();

  /**
   * @param observer the name of the observer that watches the run
   */
  public RecordingListener(String observer) {
    this.observer = observer;
  }

  @Override
  public void step(int number, Step step) {
    long now = System.nanoTime();
    if (steps.isEmpty()) {
      startNanos = now;
    }
    steps.add(new RecordedRun.StepRecord(now, number, step.describe()));
  }

  @Override
  public void snapshot(String caption, List<SocketRow> rows, int hidden) {
    snapshots.add(new RecordedRun.SnapshotRecord(System.nanoTime(), caption, rows, hidden));
  }

  /** The run as recorded, with what the runner returned. */
  public RecordedRun finish(RunResult result) {
    return new RecordedRun(
        result.scenario().name(),
        result.scenario().summary(),
        result.scenario().demonstrates(),
        result.port(),
        startNanos,
        steps,
        snapshots,
        result.transitions(),
        result.endpoints(),
        result.failure(),
        observer);
  }
}
