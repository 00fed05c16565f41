package dev.jnc.core.scan;

import java.io.IOException;
import java.nio.channels.Selector;

/**
 * One port being probed without blocking: the {@link PortScanner} starts it, calls it back when its
 * channel is ready, and tells it when its time is up. Exactly one outcome comes out of it.
 */
interface Probe extends AutoCloseable {

  /**
   * Opens the channel and registers it with {@code selector}, attaching this probe.
   *
   * @return the outcome when it is known at once (a local error, an immediate connect)
   */
  ProbeOutcome start(Selector selector) throws IOException;

  /** The channel is ready; returns the outcome, or {@code null} to keep waiting. */
  ProbeOutcome onReady();

  /** The probe's wait expired. */
  ProbeOutcome onTimeout();

  @Override
  void close();
}
