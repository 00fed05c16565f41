package dev.jnc.core.scan;

import java.net.InetSocketAddress;

/**
 * What one probe found.
 *
 * @param remote the address and port probed
 * @param local our end when the port answered, else {@code null}
 * @param failure why the port is not open, in netcat's words, or {@code null} when open
 * @param startNanos when the probe began
 * @param endNanos when its answer came
 */
public record ProbeOutcome(
    InetSocketAddress remote,
    InetSocketAddress local,
    String failure,
    long startNanos,
    long endNanos) {

  public boolean open() {
    return failure == null;
  }
}
