package dev.jnc.cli;

/**
 * How {@link Jnc#main} ends the process. {@link System#exit} first logs the exit: the JDK asks for
 * the logger {@code java.lang.Runtime}, and finding it readies the platform's logging (a search of
 * every jar for a {@link System.LoggerFinder}, then {@code java.util.logging}): the last 3.3-3.5 ms
 * of a probe, whose warm-up is still opening the jars when it ends (docs/benchmarks.md, 2026-12-07,
 * 20:00), under 1 ms of a one-line exchange, which finds them open. A {@code main} that returns
 * ends the JVM through {@code DestroyJavaVM} instead: the same shutdown hooks, status 0, no log.
 * That way waits for every thread that is not a daemon, though, and would hang on one left running;
 * so a run ends by returning only with status 0 and only daemons besides its own thread.
 */
final class MainExit {

  private MainExit() {}

  /**
   * Ends the process with {@code status} through {@link System#exit}, or returns when {@code main}
   * returning right after will end it with status 0.
   */
  static void end(int status) {
    if (status != 0 || anotherThreadKeepsTheJvm()) {
      System.exit(status);
    }
  }

  /** Whether a live platform thread other than this one is not a daemon. */
  static boolean anotherThreadKeepsTheJvm() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    // Room for threads started meanwhile; a full array may have left one out.
    Thread[] live = new Thread[root.activeCount() + 16];
    int count = root.enumerate(live, true);
    for (int i = 0; i < count; i++) {
      Thread thread = live[i];
      if (thread != Thread.currentThread() && !thread.isDaemon()) {
        return true;
      }
    }
    return count == live.length;
  }
}
