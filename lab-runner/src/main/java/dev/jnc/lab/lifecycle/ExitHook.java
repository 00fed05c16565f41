package dev.jnc.lab.lifecycle;

/**
 * Cleanup that must also happen when the JVM is told to stop (Ctrl-C, SIGTERM) in the middle of a
 * run: a shutdown hook for the lifetime of one resource. Closing it removes the hook once the
 * resource was cleaned up the ordinary way.
 */
public final class ExitHook implements AutoCloseable {

  private final Thread hook;

  private ExitHook(Thread hook) {
    this.hook = hook;
  }

  /**
   * Runs {@code cleanup} if the JVM exits before {@link #close()}; {@code cleanup} must be safe to
   * run twice and from another thread.
   */
  public static ExitHook register(String name, Runnable cleanup) {
    Thread hook = Thread.ofPlatform().name(name).unstarted(cleanup);
    Runtime.getRuntime().addShutdownHook(hook);
    return new ExitHook(hook);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it does the cleanup.
    }
  }
}
