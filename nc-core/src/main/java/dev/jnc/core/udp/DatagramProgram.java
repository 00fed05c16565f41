package dev.jnc.core.udp;

import dev.jnc.core.tcp.InputPump;
import dev.jnc.core.tcp.OutputPump;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code -u -e} program, as a UDP session sees it: started once the peer is known (at once for
 * a client, on the first datagram for a listener), then fed the payload of each datagram from the
 * peer on its stdin, while each read of its stdout goes to the peer as one datagram. UDP has no end
 * of stream, so the session lasts until the program's output has ended and the program has exited,
 * as with nc 1.10, where the program replaces netcat on the socket.
 */
public interface DatagramProgram {

  /** Starts the program for {@code peer}, which talks to us at {@code local}. */
  Running start(InetSocketAddress local, InetSocketAddress peer) throws IOException;

  /** A started program. */
  interface Running {

    /** The program's stdout: each chunk read becomes one datagram. */
    InputPump output();

    /** The program's stdin: one write per datagram received. */
    OutputPump input();

    /** Completes when the program has exited. */
    CompletableFuture<?> exited();

    /**
     * Waits for the exit (stopping the program first unless the session ended normally) and reports
     * its status.
     */
    void finish(boolean completed) throws IOException;
  }
}
