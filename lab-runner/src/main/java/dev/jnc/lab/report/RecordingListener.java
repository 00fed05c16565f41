package dev.jnc.lab.report;

import dev.jnc.core.event.NcEvent;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.scenario.RunListener;
import dev.jnc.lab.scenario.RunResult;
import dev.jnc.lab.scenario.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a run's steps and snapshots for a report, passing every event on to another listener.
 * Single use: one instance per run.
 */
public final class RecordingListener implements RunListener {

  private final RunListener next;
  private final long startNanos = System.nanoTime();
  private final List<RecordedRun.StepRecord> steps = new ArrayList<>();
  private final List<RecordedRun.SnapshotRecord> snapshots = new ArrayList<>();

  public RecordingListener(RunListener next) {
    this.next = next;
  }

  @Override
  public void step(int number, Step step) {
    steps.add(new RecordedRun.StepRecord(System.nanoTime(), number, step.describe()));
    next.step(number, step);
  }

  @Override
  public void snapshot(String caption, List<SocketRow> rows, int hidden) {
    snapshots.add(new RecordedRun.SnapshotRecord(System.nanoTime(), caption, rows, hidden));
    next.snapshot(caption, rows, hidden);
  }

  @Override
  public void waiting(String what, Duration bound) {
    next.waiting(what, bound);
  }

  @Override
  public void note(String text) {
    next.note(text);
  }

  @Override
  public void engine(String endpoint, NcEvent event) {
    next.engine(endpoint, event);
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
        result.failure());
  }
}
