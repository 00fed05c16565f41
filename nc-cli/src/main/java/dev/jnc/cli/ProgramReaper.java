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

  /** Registered at the first program, so that runs without one pay nothing for it. */
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
    }
  }
}
