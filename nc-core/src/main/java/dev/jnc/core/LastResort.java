package dev.jnc.core;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The last word on a throwable that nothing else caught, in any thread of a command ({@code jnc},
 * {@code lab}): one line and a documented exit status, where the JVM printed a stack trace and, for
 * a thread other than main, let the run wait on a thread that had died. What reaches here is the
 * system saying no (a thread that cannot start under {@code ulimit -u} or a container's process
 * limit, a heap too small for the run) or a fault of ours; {@code -Djnc.stackTrace=true} shows
 * where.
 */
public final class LastResort {

  private LastResort() {}

  /**
   * Makes an uncaught throwable print {@code tool: message} on {@code err} and exit {@code status}.
   */
  public static void install(String tool, PrintStream err, int status) {
    AtomicBoolean told = new AtomicBoolean();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, failure) -> {
          // The first failure is the run's; threads that fail with it (each short of the same
          // memory) would each have said so, while the exit is under way.
          if (!told.compareAndSet(false, true)) {
            return;
          }
          err.println(
              tool + ": " + (failure.getMessage() == null ? failure : failure.getMessage()));
          if (Boolean.getBoolean("jnc.stackTrace")) {
            failure.printStackTrace(err);
          }
          System.exit(status);
        });
  }
}
