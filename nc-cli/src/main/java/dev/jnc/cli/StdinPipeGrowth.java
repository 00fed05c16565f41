package dev.jnc.cli;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.io.PipeCapacity;
import dev.jnc.core.tcp.InputPump;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Grows our stdin pipe ({@link PipeCapacity}) once bytes flow in bulk: when one write to the
 * network carries a default pipe's whole capacity, or, since a UDP send carries at most 64 KB, when
 * four pipes' worth have gone out. Not at start: linking the native call keeps the other core busy
 * for some 50 ms (measured), which a one-line request would pay for nothing.
 */
final class StdinPipeGrowth implements NcListener {

  /** What Linux gives a pipe unless asked: a read that takes this much found the pipe full. */
  private static final int DEFAULT_PIPE_BYTES = 64 * 1024;

  private final AtomicBoolean asked = new AtomicBoolean();

  /** Bytes sent so far; events come from the engine's one relay thread. */
  private long sent;

  @Override
  public void onEvent(NcEvent event) {
    if (event instanceof NcEvent.BytesOut out
        && (out.count() >= DEFAULT_PIPE_BYTES || (sent += out.count()) >= 4 * DEFAULT_PIPE_BYTES)
        && asked.compareAndSet(false, true)) {
      PipeCapacity.growInBackground(0, InputPump.STREAM_CHUNK);
    }
  }
}
