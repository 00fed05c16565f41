package dev.jnc.lab.lifecycle;

/**
 * Whether the JVM has begun to stop (Ctrl-C, SIGTERM). The cleanup hooks then close the run's
 * sockets and trace under the feet of the main thread, which fails in odd ways ("no open socket
 * named client", a closed channel, a vanished tracefs file); those failures are the stop's doing,
 * and whoever pressed Ctrl-C must not be told of them.
 */
public final class Stopping {

  private static volatile boolean started;
  private static boolean watched;

  private Stopping() {}

  /** Starts watching for the stop; call first thing, before any cleanup hook is registered. */
  public static synchronized void watch() {
    if (!watched) {
      watched = true;
      Runtime.getRuntime()
          .addShutdownHook(Thread.ofPlatform().name("lab-stopping").unstarted(new Begin()));
    }
  }

  /** A class, not a lambda, so that every start takes it from the AOT cache with the rest. */
  private static final class Begin implements Runnable {
    @Override
    public void run() {
      started = true;
    }
  }

  /** True once the JVM began to stop, also for a plain exit after the command ended. */
  public static boolean started() {
    return started;
  }
}
