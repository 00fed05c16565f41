package dev.jnc.core.tcp;

import dev.jnc.core.net.SocketDescriptor;
import dev.jnc.core.net.TcpSendProgress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * What a relay with a shared input ({@code -L}) sent to one client, so that what a reset throws
 * away goes to the next client: the socket's descriptor, for what the client's end acknowledged,
 * and a {@link SentTail} of the bytes (none for a file, which is read again).
 *
 * <p>Made at a connection's first send, so that none is made for a client that gets nothing, as
 * most of a -L server's later ones do; the tail is one per thread, as the relay's receive buffer.
 */
final class SendLedger {

  /**
   * How long the acknowledgements of what was sent may stop before they are given up: a client that
   * has gone answers with a reset, which may take a round trip to come.
   */
  static final Duration DELIVERY_PATIENCE = Duration.ofSeconds(2);

  /** The first and the longest wait between looks at the acknowledgements. */
  private static final Duration ACK_LOOK_FIRST = Duration.ofMillis(1);

  private static final Duration ACK_LOOK_LAST = Duration.ofMillis(64);

  private static final ThreadLocal<SentTail> TAILS = ThreadLocal.withInitial(SentTail::new);

  /** A ledger that keeps nothing: where the descriptor cannot be had (no native access). */
  private static final SendLedger NONE = new SendLedger(null, null);

  private final SocketDescriptor sendQueue;
  private final SentTail tail;

  /**
   * At least what the client's end has not acknowledged; looked up again only when it may not fit
   * the tail.
   */
  private long unacknowledgedBound;

  private long sentAtFin = -1;
  private long ackedAtFin = -1;

  private SendLedger(SocketDescriptor sendQueue, SentTail tail) {
    this.sendQueue = sendQueue;
    this.tail = tail;
  }

  /**
   * @param keepBytes keep the bytes sent (chunks), or only count them (a file, TELNET replies)
   */
  static SendLedger open(SocketChannel socket, boolean keepBytes) throws IOException {
    Optional<SocketDescriptor> descriptor = SocketDescriptor.of(socket);
    if (descriptor.isEmpty()) {
      return NONE;
    }
    return new SendLedger(descriptor.get(), keepBytes ? TAILS.get().emptied() : null);
  }

  /** Notes {@code length} bytes of {@code source} from {@code from}, just written. */
  void sent(ByteBuffer source, int from, int length) {
    if (tail == null) {
      return;
    }
    unacknowledgedBound += length;
    if (unacknowledgedBound > tail.size()) {
      // The tail must hold all that is not acknowledged: asked only when it may not.
      unacknowledgedBound = unacknowledged(unacknowledgedBound);
      tail.holdAtLeast(unacknowledgedBound);
    }
    tail.record(source, from, length);
  }

  /** The client's FIN was read, when {@code sent} bytes had been sent in all. */
  void peerFin(long sent) {
    if (sendQueue != null) {
      sentAtFin = sent;
      ackedAtFin = sent - unacknowledged(0);
    }
  }

  /**
   * At the end of the connection, once what is in flight has been acknowledged or a reset came: how
   * many of the bytes written last a reset threw away before the client could read them; 0 when the
   * connection did not end in a reset. Never more than the client cannot have: a client that was
   * still reading may have read bytes it had not acknowledged yet (Linux delays its
   * acknowledgements as its window shrinks; some 5 KB came twice), so what was sent before its FIN
   * was read is given back only when it never left. What was sent after, with nothing acknowledged
   * since, went to a client that had closed: its kernel answers such bytes with the reset, and they
   * go back too (two lines a client were lost so).
   *
   * @param sent the bytes sent in all
   * @param fin 1 when our FIN is queued, which the kernel counts as a byte
   */
  long lost(Selector selector, SelectionKey key, long sent, int fin) throws IOException {
    if (sendQueue == null) {
      return 0;
    }
    Optional<TcpSendProgress> end = awaitDelivery(selector, key, fin);
    if (end.isEmpty() || !end.get().closed()) {
      return 0;
    }
    long unacknowledged = end.get().unacknowledged() - fin;
    long neverLeft = end.get().notSent() - fin;
    boolean closedAtFin = sentAtFin >= 0 && sent - end.get().unacknowledged() == ackedAtFin;
    long sentToAClosedClient = closedAtFin ? Math.min(unacknowledged, sent - sentAtFin) : 0;
    // Both are the newest bytes: the longer of the two counts.
    return Math.max(0, Math.max(neverLeft, sentToAClosedClient));
  }

  /** The newest {@code count} bytes sent, to give back; {@code null} when only counted (a file). */
  ByteBuffer lastSent(long count) {
    return tail == null || count == 0 ? null : tail.last(count);
  }

  /** What the client's end has not acknowledged, or {@code otherwise} when that cannot be told. */
  private long unacknowledged(long otherwise) {
    return sendQueue.sendProgress().map(TcpSendProgress::unacknowledged).orElse(otherwise);
  }

  /**
   * The socket's last state, once what is in flight has been acknowledged, or a reset has closed
   * the connection, or the acknowledgements have stopped for {@link #DELIVERY_PATIENCE}; empty
   * where it cannot be told. No selector reports an acknowledgement: looked at after 1 ms, then
   * less often.
   */
  private Optional<TcpSendProgress> awaitDelivery(Selector selector, SelectionKey key, int fin)
      throws IOException {
    key.interestOps(0);
    long left = Long.MAX_VALUE;
    long progressAt = System.nanoTime();
    long look = ACK_LOOK_FIRST.toNanos();
    while (true) {
      Optional<TcpSendProgress> progress = sendQueue.sendProgress();
      if (progress.isEmpty() || progress.get().closed()) {
        return progress;
      }
      long now = System.nanoTime();
      long unacknowledged = progress.get().unacknowledged() - fin;
      if (unacknowledged <= 0) {
        return progress;
      }
      if (unacknowledged < left) {
        left = unacknowledged;
        progressAt = now;
      } else if (now - progressAt >= DELIVERY_PATIENCE.toNanos()) {
        return progress;
      }
      selector.select(Math.max(1, look / 1_000_000));
      selector.selectedKeys().clear();
      look = Math.min(look * 2, ACK_LOOK_LAST.toNanos());
    }
  }
}
