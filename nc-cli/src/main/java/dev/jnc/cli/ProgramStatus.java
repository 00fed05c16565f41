package dev.jnc.cli;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;
import java.util.OptionalInt;

/** Remembers the {@code -e} program's exit status, which becomes jnc's own (as with nc 1.10). */
final class ProgramStatus implements NcListener {

  private volatile OptionalInt status = OptionalInt.empty();

  @Override
  public void onEvent(NcEvent event) {
    if (event instanceof NcEvent.ProgramExited exited) {
      status = OptionalInt.of(exited.status());
    }
  }

  /** The last program's exit status, or empty when no program ran. */
  OptionalInt exitStatus() {
    return status;
  }
}
