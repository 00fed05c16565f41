package dev.jnc.cli;

import java.io.IOException;

/**
 * Readies {@link System#exit}'s own work before a run that fails ends through it ({@link
 * MainExit}). The JDK logs every exit, and to find its logger it first asks each jar on the class
 * path for a {@link System.LoggerFinder} ({@link java.util.ServiceLoader}), which opens every jar
 * the first time. With the JDK's selector provider named ({@link
 * dev.jnc.core.net.SelectorProviderProperty}) nothing else in a run opens them, and that search
 * took some 5 ms of every exit (class-initialisation log, from {@code Shutdown} to the end: 5.5 ms,
 * 0.7 ms with the jars opened here). Not part of the exit's logic: the same lookup, made early on
 * the other core. A run that succeeds never needs it, but cannot know so in advance.
 */
final class ExitPathWarmUp {

  private ExitPathWarmUp() {}

  static void openTheJars() {
    try {
      ClassLoader.getSystemClassLoader()
          .getResources("META-INF/services/" + System.LoggerFinder.class.getName())
          .hasMoreElements();
    } catch (IOException e) {
      // The exit's own lookup will meet the same fault, and goes on without a logger.
    }
  }
}
