package dev.jnc.core.event;

/**
 * Receives the engine's events. Called on engine threads: an implementation must be quick and must
 * not block on I/O of the connection it observes.
 */
@FunctionalInterface
public interface NcListener {

  NcListener NONE = event -> {};

  void onEvent(NcEvent event);
}
