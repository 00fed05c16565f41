package dev.jnc.cli;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;

/**
 * Stops the {@code -e} program when jnc itself is stopped ({@code kill}, {@code timeout}, a service
 * manager): the engine stops it at every end it sees, but a signal ends the JVM first, and the
 * program went on running, re-parented. Ctrl-C at a terminal reaches the program anyway (the whole
 * process group gets it).
 */
final class ProgramReaper implements NcListener {

  private volatile long running = -1;
  private boolean hooked;

  @Override
  public void onEvent(NcEvent event) {
    // instanceof, not a pattern switch: every run sees events, and a switch on types bootstraps a
    // class of its own at the first one, outside the AOT cache.
    if (event instanceof NcEvent.ProgramStarted started) {
      running = started.pid();
      hookOnce();
    } else if (event instanceof NcEvent.ProgramExited) {
      running = -1;
    }
  }

  /**
   * Registers the hook now, for a run that will start a program ({@code -e}): registered at the
   * program's start event, it missed a signal that came between the process's start and that event
   * (seen in CI under load: the program outlived jnc by its whole run).
   */
  ProgramReaper expectingPrograms(boolean expected) {
    if (expected) {
      hookOnce();
    }
    return this;
  }

  /** Registered for a run with a program only, so that runs without one pay nothing for it. */
  private synchronized void hookOnce() {
    if (!hooked) {
      hooked = true;
      Runtime.getRuntime()
          .addShutdownHook(Thread.ofPlatform().name("jnc-stop-program").unstarted(this::stop));
    }
  }

  private void stop() {
    long pid = running;
    if (pid > 0) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
      return;
    }
    // Between a program's start and its event, the program is the one child an -e run has.
    ProcessHandle.current().children().forEach(ProcessHandle::destroy);
  }
}
