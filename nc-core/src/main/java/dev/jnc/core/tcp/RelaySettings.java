package dev.jnc.core.tcp;

import dev.jnc.core.options.NcOptions;
import java.time.Duration;

/**
 * The part of the options that governs how a connection ends.
 *
 * @param timeout idle limit on network reads once our input has ended ({@code -w})
 * @param quitAfterEof deadline after our input ends ({@code -q})
 * @param interactiveInput our input is a terminal: a peer's close ends the run at once
 * @param finAtEnd our input's end sends FIN ({@code --no-shutdown} sends none)
 * @param inputOutlivesConnection the next connection takes what this one leaves of the input
 *     ({@code -L}): a chunk the peer's end never took goes back to it
 */
public record RelaySettings(
    Duration timeout,
    Duration quitAfterEof,
    boolean interactiveInput,
    boolean finAtEnd,
    boolean inputOutlivesConnection) {

  public static RelaySettings of(NcOptions options) {
    return new RelaySettings(
        options.timeout(),
        options.quitAfterEof(),
        options.interactiveInput(),
        !options.noShutdown(),
        options.keepListening());
  }
}
