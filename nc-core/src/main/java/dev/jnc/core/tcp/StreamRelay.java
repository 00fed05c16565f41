package dev.jnc.core.tcp;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.CloseReason;
import dev.jnc.core.event.NcEvent.Direction;
import dev.jnc.core.event.NcListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;

/**
 * Moves bytes both ways between one connected socket and our input and output, on the calling
 * thread, until both directions have ended.
 *
 * <p>The rules that keep every byte: a new input chunk is taken only once the previous one is fully
 * written to the socket; our FIN goes out only after the last input byte; received bytes are
 * written to the output before anything else happens. When the peer's FIN arrives first, an
 * interactive input ends the run at once (netcat 1.10's rule, so nobody sits in CLOSE_WAIT waiting
 * for a terminal); a pipe or file is still forwarded while it keeps flowing, so a peer that
 * half-closes and then reads still gets everything.
 */
public final class StreamRelay {

  /** Large enough for one read to fill a loopback segment train, small enough to stay in cache. */
  public static final int BUFFER_SIZE = 256 * 1024;

  /** How long non-interactive input may pause after the peer's FIN before we stop waiting. */
  static final Duration INPUT_GRACE_AFTER_PEER_CLOSE = Duration.ofMillis(200);

  private final SocketChannel socket;
  private final InputPump input;
  private final WritableByteChannel output;
  private final RelaySettings settings;
  private final NcListener listener;

  public StreamRelay(
      SocketChannel socket,
      InputPump input,
      WritableByteChannel output,
      RelaySettings settings,
      NcListener listener) {
    this.socket = socket;
    this.input = input;
    this.output = output;
    this.settings = settings;
    this.listener = listener;
  }

  /**
   * Relays until the connection is over and returns the {@link NcEvent.Closed} event it emitted.
   * The socket is left open; the caller closes it.
   */
  public NcEvent.Closed run() throws IOException {
    socket.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      input.onChunk(selector::wakeup);
      try {
        return relay(selector);
      } finally {
        input.onChunk(() -> {});
      }
    }
  }

  private NcEvent.Closed relay(Selector selector) throws IOException {
    SelectionKey key = socket.register(selector, SelectionKey.OP_READ);
    ByteBuffer inbound = ByteBuffer.allocateDirect(BUFFER_SIZE);
    ByteBuffer outbound = null;
    boolean inputEnded = false;
    boolean outputShut = false;
    boolean peerEnded = false;
    long sent = 0;
    long received = 0;
    long idleDeadline = 0;
    long quitDeadline = 0;
    long graceDeadline = 0;
    CloseReason reason;

    while (true) {
      long now = System.nanoTime();
      if (outbound == null && !inputEnded) {
        ByteBuffer chunk = input.poll();
        if (chunk != null && InputPump.isEnd(chunk)) {
          inputEnded = true;
          if (settings.timeout() != null) {
            idleDeadline = now + settings.timeout().toNanos();
          }
          if (settings.quitAfterEof() != null) {
            quitDeadline = now + settings.quitAfterEof().toNanos();
          }
        } else if (chunk != null) {
          outbound = chunk;
          graceDeadline = now + INPUT_GRACE_AFTER_PEER_CLOSE.toNanos();
        }
      }
      if (outbound != null) {
        int n;
        try {
          n = socket.write(outbound);
        } catch (IOException e) {
          reason = peerEnded ? CloseReason.PEER_CLOSED : CloseReason.RESET;
          input.release(outbound);
          outbound = null;
          break;
        }
        if (n > 0) {
          sent += n;
          listener.onEvent(new NcEvent.BytesOut(System.nanoTime(), n));
        }
        if (!outbound.hasRemaining()) {
          input.release(outbound);
          outbound = null;
          continue;
        }
      }
      if (inputEnded && outbound == null && !outputShut) {
        if (!peerEnded) {
          socket.shutdownOutput();
        }
        outputShut = true;
        listener.onEvent(new NcEvent.HalfClosed(System.nanoTime(), Direction.OUTBOUND));
      }
      if (outputShut && peerEnded) {
        reason = CloseReason.COMPLETE;
        break;
      }
      if (peerEnded
          && outbound == null
          && (settings.interactiveInput() || now - graceDeadline >= 0)) {
        reason = CloseReason.PEER_CLOSED;
        break;
      }
      if (idleDeadline != 0 && now - idleDeadline >= 0) {
        reason = CloseReason.TIMEOUT;
        break;
      }
      if (quitDeadline != 0 && now - quitDeadline >= 0) {
        reason = CloseReason.COMPLETE;
        break;
      }

      key.interestOps(
          (peerEnded ? 0 : SelectionKey.OP_READ) | (outbound != null ? SelectionKey.OP_WRITE : 0));
      long wait = nearest(now, idleDeadline, quitDeadline, peerEnded ? graceDeadline : 0);
      if (wait < 0) {
        selector.select();
      } else {
        selector.select(Math.max(1, wait));
      }
      selector.selectedKeys().clear();

      if (!peerEnded && key.isValid()) {
        int n;
        try {
          n = socket.read(inbound);
        } catch (IOException e) {
          reason = CloseReason.RESET;
          break;
        }
        if (n > 0) {
          received += n;
          listener.onEvent(new NcEvent.BytesIn(System.nanoTime(), n));
          inbound.flip();
          try {
            while (inbound.hasRemaining()) {
              output.write(inbound);
            }
          } catch (IOException e) {
            reason = CloseReason.OUTPUT_CLOSED;
            break;
          }
          inbound.clear();
          if (idleDeadline != 0) {
            idleDeadline = System.nanoTime() + settings.timeout().toNanos();
          }
        } else if (n < 0) {
          peerEnded = true;
          graceDeadline = System.nanoTime() + INPUT_GRACE_AFTER_PEER_CLOSE.toNanos();
          listener.onEvent(new NcEvent.HalfClosed(System.nanoTime(), Direction.INBOUND));
        }
      }
    }
    if (outbound != null) {
      input.unread(outbound);
    }
    NcEvent.Closed closed = new NcEvent.Closed(System.nanoTime(), sent, received, reason);
    listener.onEvent(closed);
    return closed;
  }

  /** Milliseconds until the nearest non-zero deadline, or -1 when there is none. */
  private static long nearest(long now, long... deadlines) {
    long best = -1;
    for (long deadline : deadlines) {
      if (deadline != 0) {
        long millis = Math.max(0, (deadline - now + 999_999) / 1_000_000);
        best = best < 0 ? millis : Math.min(best, millis);
      }
    }
    return best;
  }
}
