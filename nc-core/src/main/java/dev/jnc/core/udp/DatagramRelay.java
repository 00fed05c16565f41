package dev.jnc.core.udp;

import dev.jnc.core.NcException;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.CloseReason;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.io.CrlfEncoder;
import dev.jnc.core.io.DescriptorOutput;
import dev.jnc.core.io.HexDumpWriter;
import dev.jnc.core.net.SocketDescriptor;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.tcp.DataPath;
import dev.jnc.core.tcp.InputPump;
import dev.jnc.core.tcp.OutputPump;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Moves datagrams between one UDP socket and our input and output: each chunk read from input goes
 * out as one datagram (split only above the 65507-byte UDP limit), each datagram received is
 * written to output as it came, in order: those of a burst in one write, a program's ({@code -e})
 * one by one.
 *
 * <p>A listener has no peer until the first datagram arrives; it then locks onto that sender, as
 * every netcat does, and silently drops datagrams from anyone else. Input waits until a peer is
 * known. UDP has no end of stream, so the run ends when {@code -w} passes without a datagram after
 * our input ended, when {@code -q} expires, or on an ICMP port unreachable. A listener that hears
 * nothing for {@code -w} gives up.
 *
 * <p>With an {@code -e} program on the other side ({@link #untilProgramExits}) the run ends instead
 * when the program's output has ended and the program has exited; datagrams wait in the kernel
 * while the program is still busy with the previous one.
 */
final class DatagramRelay {

  private static final int MAX_DATAGRAM = NcOptions.MAX_DATAGRAM;

  /**
   * Where a burst of datagrams for a plain output gathers before one write takes it all: each
   * datagram cost a write of its own before, which a receiver pays while it warms up and a sender's
   * burst fills the socket's queue. 256 KiB: room for a datagram of the largest size is kept free,
   * and a round's 64 datagrams of 1400 bytes go out in one write. One per thread and kept, as
   * {@code StreamRelay}'s receive buffer is: a direct buffer is freed only when the collector finds
   * it.
   */
  private static final ThreadLocal<ByteBuffer> GATHERED =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(256 * 1024));

  /**
   * The most datagrams one round takes from the socket (any sender's) before it writes what it
   * gathered and looks at our input and deadlines again: senders that never let the socket empty
   * must not hold back the peer's bytes, nor our replies.
   */
  private static final int DATAGRAMS_PER_ROUND = 64;

  private static final int SOL_UDP = 17;
  private static final int UDP_SEGMENT = 103;
  private static final int ECONNREFUSED = 111;

  /** The most queued errors one look takes, so that a flood of them cannot hold the relay. */
  private static final int ERRORS_PER_LOOK = 64;

  private final DatagramChannel channel;
  private final InputPump input;
  private final WritableByteChannel output;
  private final Duration timeout;
  private final Duration quitAfterEof;
  private final NcListener listener;
  private InetSocketAddress peer;
  private Selector selector;
  private ByteBuffer firstDatagram;
  private CompletableFuture<?> programExit;
  private Predicate<InetSocketAddress> allowed;
  private int datagramSize;

  /** Whether sends are cut by the kernel: unknown until the first chunk of several datagrams. */
  private Boolean segmentation;

  private DataPath dataPath = DataPath.PLAIN;
  private HexDumpWriter dump;

  /**
   * A listener's socket, which stays unconnected, once the ICMP errors its sends meet are queued
   * for us: the peer's port unreachable ends the run as it ends a client's. Not connected because
   * the JDK's connect discards the datagrams already queued; the JDK reads past the error such a
   * socket reports, so it is taken from the error queue. Asked for before our first send, not when
   * the peer becomes known: the native calls' linking took a fresh JVM 110-120 ms, during which a
   * sender's burst overflowed the socket's queue (its class-load log behind socat's 100 MB burst,
   * docs/benchmarks.md, 2026-12-07, 14:30), and errors come only from what we send.
   */
  private SocketDescriptor errorQueue;

  private boolean peerErrorsAsked;

  /** The socket's descriptor, looked up once (a walk of /proc/self/fd) when first needed. */
  private Optional<SocketDescriptor> descriptor;

  /**
   * @param peer the remote for a client (the channel is connected to it), {@code null} for a
   *     listener
   */
  DatagramRelay(
      DatagramChannel channel,
      InetSocketAddress peer,
      InputPump input,
      WritableByteChannel output,
      Duration timeout,
      Duration quitAfterEof,
      NcListener listener) {
    this.channel = channel;
    this.peer = peer;
    this.input = input;
    this.output = output;
    this.timeout = timeout;
    this.quitAfterEof = quitAfterEof;
    this.listener = listener;
  }

  /** A listener's filter of its first sender ({@link UdpSession#admitting}). */
  DatagramRelay admitting(Predicate<InetSocketAddress> allowed) {
    this.allowed = allowed;
    return this;
  }

  /** A datagram the peer sent before the relay started, delivered first. */
  DatagramRelay firstDatagram(ByteBuffer datagram) {
    this.firstDatagram = datagram;
    return this;
  }

  /** Ends the run when our input (the program's output) has ended and {@code exit} completed. */
  DatagramRelay untilProgramExits(CompletableFuture<?> exit) {
    this.programExit = exit;
    return this;
  }

  NcEvent.Closed run() throws IOException {
    channel.configureBlocking(false);
    try (Selector opened = Selector.open()) {
      selector = opened;
      input.onChunk(opened::wakeup);
      if (output instanceof OutputPump pump) {
        pump.onReady(opened::wakeup);
      }
      if (programExit != null) {
        programExit.whenComplete((result, failure) -> opened.wakeup());
      }
      try {
        return relay(opened);
      } finally {
        input.onChunk(() -> {});
      }
    }
  }

  private NcEvent.Closed relay(Selector selector) throws IOException {
    SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
    OutputPump pump = output instanceof OutputPump p ? p : null;
    // A program's input takes one datagram at a time; any other output takes them gathered.
    ByteBuffer gathered = pump == null && programExit == null ? GATHERED.get().clear() : null;
    ByteBuffer inbound =
        gathered == null ? ByteBuffer.allocateDirect(NcOptions.MAX_RECEIVED_DATAGRAM + 1) : null;
    long sent = 0;
    long received = 0;
    boolean outputGone = false;
    if (firstDatagram != null) {
      received += firstDatagram.remaining();
      if (dump != null) {
        dump.received(firstDatagram);
      }
      listener.onEvent(new NcEvent.BytesIn(System.nanoTime(), firstDatagram.remaining()));
      outputGone = deliver(firstDatagram) != null;
    }
    boolean inputEnded = false;
    CrlfEncoder crlf = dataPath.crlf() ? new CrlfEncoder() : null;
    long interval = dataPath.interval() == null ? 0 : dataPath.interval().toNanos();
    ByteBuffer outbound = null;
    boolean outboundFromPump = false;
    long nextLineAt = 0;
    long idleDeadline = 0;
    long quitDeadline = 0;
    long acceptDeadline =
        peer == null && timeout != null ? System.nanoTime() + timeout.toNanos() : 0;
    try {
      while (true) {
        long now = System.nanoTime();
        while (peer != null && !inputEnded) {
          if (outbound == null) {
            ByteBuffer chunk = input.poll();
            if (chunk == null) {
              break;
            }
            if (InputPump.isEnd(chunk)) {
              inputEnded = true;
              listener.onEvent(
                  new NcEvent.HalfClosed(System.nanoTime(), NcEvent.Direction.OUTBOUND));
              if (programExit == null) {
                idleDeadline = timeout == null ? 0 : now + timeout.toNanos();
                quitDeadline = quitAfterEof == null ? 0 : now + quitAfterEof.toNanos();
              }
              break;
            }
            outboundFromPump = crlf == null;
            outbound = crlf == null ? chunk : encoded(crlf, chunk);
          }
          if (interval == 0) {
            sent += send(outbound);
          } else {
            // One line a datagram, the first at once and each next one an interval later.
            if (nextLineAt != 0 && System.nanoTime() - nextLineAt < 0) {
              break;
            }
            int end = DataPath.lineEnd(outbound);
            sent += send(outbound.slice(outbound.position(), end - outbound.position()));
            outbound.position(end);
            nextLineAt = System.nanoTime() + interval;
          }
          if (!outbound.hasRemaining()) {
            if (outboundFromPump) {
              input.release(outbound);
            }
            outbound = null;
          }
        }
        if (idleDeadline != 0 && now - idleDeadline >= 0
            || quitDeadline != 0 && now - quitDeadline >= 0
            || programExit != null && inputEnded && programExit.isDone()) {
          return closed(sent, received, CloseReason.COMPLETE);
        }
        if (peer == null && acceptDeadline != 0 && now - acceptDeadline >= 0) {
          throw NcException.network("no connection : Connection timed out");
        }
        long wait =
            nearest(
                now,
                idleDeadline,
                quitDeadline,
                peer == null ? acceptDeadline : 0,
                outbound != null ? nextLineAt : 0);
        // A program still writing the previous datagram to its stdin: the next waits in the kernel.
        boolean canDeliver = pump == null || outputGone || pump.ready();
        key.interestOps(canDeliver ? SelectionKey.OP_READ : 0);
        if (wait < 0) {
          selector.select();
        } else {
          selector.select(Math.max(1, wait));
        }
        selector.selectedKeys().clear();
        for (int taken = 0;
            taken < DATAGRAMS_PER_ROUND && (pump == null || outputGone || pump.ready());
            taken++) {
          // A plain output's datagrams gather (see GATHERED) and are written once the socket
          // has no more, the room runs short or the round ends: nothing waits there longer.
          ByteBuffer target = gathered != null ? gathered : inbound.clear();
          if (gathered != null && gathered.remaining() <= NcOptions.MAX_RECEIVED_DATAGRAM) {
            NcEvent.Closed end = writeGathered(gathered, sent, received);
            if (end != null) {
              return end;
            }
            continue;
          }
          int start = target.position();
          InetSocketAddress sender;
          try {
            sender = (InetSocketAddress) channel.receive(target);
          } catch (IOException e) {
            // The run ends on this failure; what was received before it still goes out.
            target.position(start);
            if (gathered != null && gathered.position() > 0) {
              deliver(gathered.flip());
            }
            throw e;
          }
          if (sender == null) {
            if (errorQueue != null) {
              throwIfPeerUnreachable();
            }
            break;
          }
          if (peer == null && allowed != null && !allowed.test(sender)) {
            target.position(start);
            listener.onEvent(ReplySource.rejection(sender, channel));
            continue;
          }
          if (peer == null) {
            peer = sender;
            listener.onEvent(
                new NcEvent.Accepted(
                    System.nanoTime(),
                    ReplySource.toward(sender, (InetSocketAddress) channel.getLocalAddress()),
                    sender));
          } else if (!peer.equals(sender)) {
            target.position(start);
            continue;
          }
          int n = target.position() - start;
          received += n;
          if (dump != null) {
            dump.received(target.duplicate().flip().position(start));
          }
          listener.onEvent(new NcEvent.BytesIn(System.nanoTime(), n));
          IOException failure = inbound != null && !outputGone ? deliver(inbound.flip()) : null;
          if (failure != null) {
            NcEvent.Closed end = outputEnded(failure, sent, received);
            if (end != null) {
              return end;
            }
            // A program that stopped reading may still be writing: keep sending its output.
            outputGone = true;
          }
          if (idleDeadline != 0) {
            idleDeadline = System.nanoTime() + timeout.toNanos();
          }
        }
        NcEvent.Closed end = writeGathered(gathered, sent, received);
        if (end != null) {
          return end;
        }
      }
    } catch (PortUnreachableException e) {
      closed(sent, received, CloseReason.RESET);
      throw NcException.network("Connection refused", e);
    }
  }

  /**
   * Writes the datagrams gathered so far, if any, and empties {@code gathered}.
   *
   * @return the run's end when the output took no more, else {@code null}
   */
  private NcEvent.Closed writeGathered(ByteBuffer gathered, long sent, long received)
      throws NcException {
    if (gathered == null || gathered.position() == 0) {
      return null;
    }
    IOException failure = deliver(gathered.flip());
    gathered.clear();
    return failure == null ? null : outputEnded(failure, sent, received);
  }

  /**
   * What a failed delivery means: nothing for a program's input, whose program may still be writing
   * (the caller stops delivering); the run's end when our output's reader left; an error when the
   * output refused the bytes while someone still waits for them (a full disk).
   *
   * @return the run's end, or {@code null} when the run goes on
   */
  private NcEvent.Closed outputEnded(IOException failure, long sent, long received)
      throws NcException {
    if (programExit != null) {
      return null;
    }
    if (!DescriptorOutput.readerGone(output)) {
      closed(sent, received, CloseReason.OUTPUT_FAILED);
      throw NcException.outputRefused(failure.getMessage());
    }
    return closed(sent, received, CloseReason.OUTPUT_CLOSED);
  }

  /**
   * Writes one datagram's payload to our output, whole: an output pump holds a datagram's worth.
   *
   * @return {@code null}, or why the output took no more
   */
  private IOException deliver(ByteBuffer datagram) {
    try {
      while (datagram.hasRemaining()) {
        output.write(datagram);
      }
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  /** {@code --datagram-size}: our input is cut into datagrams of this size; 0 for one per read. */
  DatagramRelay datagramSize(int size) {
    this.datagramSize = size;
    return this;
  }

  /**
   * {@code -o}, {@code -c} and {@code -i}, as a stream has them: the datagrams each way dumped, LF
   * sent as CRLF, and one line a datagram with the pause between lines ({@code -t} is TELNET's,
   * which runs over TCP).
   */
  DatagramRelay dataPath(DataPath path) {
    this.dataPath = path;
    this.dump = path.hexDump() == null ? null : new HexDumpWriter(path.hexDump());
    return this;
  }

  /**
   * Sends a chunk of input as datagrams of {@link #datagramSize} bytes. Up to 64 of them go out in
   * one call where the kernel cuts them (UDP_SEGMENT, Linux 4.18+): the receiver gets the same
   * datagrams, and we make one system call instead of up to 64 (300 MB of 1400-byte datagrams: 0.38
   * s against 1.46 s, measured). Turned on at the first such chunk, so that a run that sends a line
   * or two never pays for the native call's linking.
   */
  private long send(ByteBuffer chunk) throws IOException {
    if (!peerErrorsAsked) {
      hearPeerErrors();
    }
    int segment = datagramSize > 0 ? datagramSize : MAX_DATAGRAM;
    if (segmentation == null && chunk.remaining() > segment) {
      segmentation = segmentationOffload(segment);
    }
    int most =
        Boolean.TRUE.equals(segmentation) ? segment * UdpSession.segmentsPerSend(segment) : segment;
    long total = 0;
    while (chunk.hasRemaining()) {
      ByteBuffer datagram = chunk.slice(chunk.position(), Math.min(chunk.remaining(), most));
      int n;
      try {
        n = channel.isConnected() ? channel.write(datagram) : channel.send(datagram, peer);
      } catch (PortUnreachableException e) {
        throw e;
      } catch (IOException e) {
        if (!Boolean.TRUE.equals(segmentation)) {
          throw e;
        }
        // The kernel does not fragment what it cuts itself: a datagram larger than the path's
        // MTU (IPv6 loopback's 65,488 bytes, an Ethernet's 1,472) failed with "Message too
        // long", where one datagram per call is fragmented, as the peers' are. So from here on;
        // should the option not come off, the next send's error is the run's.
        segmentationOffload(0);
        segmentation = false;
        most = segment;
        continue;
      }
      if (n == 0) {
        awaitRoom();
        continue;
      }
      if (dump != null) {
        dump.sent(datagram.flip());
      }
      chunk.position(chunk.position() + n);
      total += n;
      listener.onEvent(new NcEvent.BytesOut(System.nanoTime(), n));
    }
    return total;
  }

  /** For an unconnected socket: has the ICMP errors its sends meet queued (see errorQueue). */
  private void hearPeerErrors() {
    peerErrorsAsked = true;
    if (channel.isConnected()) {
      return;
    }
    try {
      Optional<SocketDescriptor> found = descriptor();
      if (found.isPresent()) {
        found
            .get()
            .queueErrors(
                ((InetSocketAddress) channel.getLocalAddress()).getAddress()
                    instanceof Inet6Address);
        errorQueue = found.get();
      }
    } catch (IOException e) {
      // No native access or an older kernel: a peer that has gone goes unnoticed, as before.
    }
  }

  /**
   * Reads the errors queued since the last look; the only sends are to the peer, so a port
   * unreachable says the peer has gone. Other errors (a path's MTU) are the kernel's to handle.
   */
  private void throwIfPeerUnreachable() throws PortUnreachableException {
    for (int taken = 0; taken < ERRORS_PER_LOOK; taken++) {
      int error = errorQueue.takeQueuedError();
      if (error == 0) {
        return;
      }
      if (error == ECONNREFUSED) {
        throw new PortUnreachableException();
      }
    }
  }

  private Optional<SocketDescriptor> descriptor() throws IOException {
    if (descriptor == null) {
      descriptor = SocketDescriptor.of(channel);
    }
    return descriptor;
  }

  /** Sets UDP_SEGMENT to {@code segment} (0: off); false where the socket would not take it. */
  private boolean segmentationOffload(int segment) {
    try {
      Optional<SocketDescriptor> found = descriptor();
      if (found.isEmpty()) {
        return false;
      }
      found.get().setIntOption(SOL_UDP, UDP_SEGMENT, segment);
      return true;
    } catch (IOException e) {
      // An older kernel, or no native access: one datagram per call, as before.
      return false;
    }
  }

  /**
   * The socket's send buffer is full: wait until it drains rather than spin. Datagrams that arrive
   * meanwhile stay queued in the kernel and are read right after.
   */
  private void awaitRoom() throws IOException {
    SelectionKey key = channel.keyFor(selector);
    key.interestOps(SelectionKey.OP_WRITE);
    // Bounded, so that a wakeup lost to the input pump cannot stall us.
    selector.select(100);
    selector.selectedKeys().clear();
    key.interestOps(SelectionKey.OP_READ);
  }

  /** {@code -c}: the chunk with every bare LF made CRLF, in a buffer of its own. */
  private ByteBuffer encoded(CrlfEncoder crlf, ByteBuffer chunk) {
    ByteBuffer encoded = ByteBuffer.allocate(CrlfEncoder.maxEncodedLength(chunk.remaining()));
    crlf.encode(chunk, encoded);
    input.release(chunk);
    return encoded.flip();
  }

  private NcEvent.Closed closed(long sent, long received, CloseReason reason) {
    NcEvent.Closed closed = new NcEvent.Closed(System.nanoTime(), sent, received, reason);
    listener.onEvent(closed);
    return closed;
  }

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
