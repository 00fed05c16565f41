package dev.jnc.core.tcp;

import dev.jnc.core.NcException;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.CloseReason;
import dev.jnc.core.event.NcEvent.Direction;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.io.CrlfEncoder;
import dev.jnc.core.io.DescriptorOutput;
import dev.jnc.core.io.HexDumpWriter;
import dev.jnc.core.io.TelnetResponder;
import dev.jnc.core.net.SocketDescriptor;
import dev.jnc.core.net.TcpSendProgress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
 *
 * <p>Past its first MiB, a plain receive into a {@link DescriptorOutput} moves by {@link
 * SocketSplice}, without a copy through our memory.
 *
 * <p>With a {@link DataPath} the relay also converts LF to CRLF on the way out, paces lines,
 * answers TELNET negotiation and writes a hex dump; each costs nothing when it is off. When the
 * other end is a program ({@link #untilProgramExits}), the peer's FIN closes the program's input
 * and the relay keeps forwarding the program's output until it ends and the program has exited.
 * There {@code -w} and {@code -q} count from whichever end comes first, the peer's FIN or the end
 * of the program's output, so that a program that neither reads nor exits cannot hold the
 * connection beyond them; when one expires while the program's output is still open the run ends as
 * {@link CloseReason#TIMEOUT} and the caller stops the program.
 */
public final class StreamRelay {

  /** Large enough for one read to fill a loopback segment train, small enough to stay in cache. */
  public static final int BUFFER_SIZE = 256 * 1024;

  /** The most one {@code sendfile} may move, so that events keep coming on a fast link. */
  private static final long FILE_CHUNK = 16L * 1024 * 1024;

  /**
   * How long non-interactive input from a pipe may pause after the peer's FIN before we stop
   * waiting, counted from the peer's FIN or from when the last chunk went out, whichever is later
   * (a file is sent to its end). 200 ms lost data on a loaded machine: a test's 1 GiB through a
   * pipe stopped at 194 MB when two other JVMs kept the cores busy (CI-like run, 2026-12-07); a
   * pipe left open with nothing in it now keeps jnc a second after the peer left.
   */
  static final Duration INPUT_GRACE_AFTER_PEER_CLOSE = Duration.ofSeconds(1);

  /**
   * Four pages. A fresh direct buffer is zeroed page by page, and on a 2-core EPYC guest each first
   * touch of a page costs 11-17 us: the full 256 KiB took 1-4 ms on the relay's thread before it
   * could read the first answer to a request (measured, see {@code docs/benchmarks.md}).
   */
  static final int FIRST_INBOUND_SIZE = 16 * 1024;

  /**
   * The receive buffer, one per thread and kept: a direct buffer is freed only when the collector
   * finds it, and a {@code -L} server that allocated one per connection grew its memory by 256 KiB
   * a connection (450 MiB after 2,000 clients) until a full GC. It starts at {@link
   * #FIRST_INBOUND_SIZE}, and a read that fills it brings the full {@link #BUFFER_SIZE}.
   */
  private static final ThreadLocal<ByteBuffer> INBOUND =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(FIRST_INBOUND_SIZE));

  /** The size of the receive buffer the calling thread's relays read into. */
  static int receiveBufferSize() {
    return INBOUND.get().capacity();
  }

  /**
   * Received bytes after which a plain run into a {@link DescriptorOutput} starts making a {@link
   * SocketSplice}, and moves the rest with it once it is made: a bulk transfer, which repays the
   * other core's ~100 ms of making it, and not the answer to a request.
   */
  static final long SPLICE_AFTER = 4L * BUFFER_SIZE;

  /**
   * The most a spliced receive moves before the relay looks at its deadlines and its other
   * direction again: some 5 ms of a loopback transfer.
   */
  private static final long DRAIN_LIMIT = 16L * SocketSplice.CHUNK;

  /**
   * How long a peer that is still sending after a program's output has to read that output once it
   * is acknowledged, before the close (see {@code awaitPeerAfterProgram}).
   */
  static final Duration LINGER_AFTER_DELIVERY = Duration.ofSeconds(1);

  /** How often the close after a program's output looks at the peer and the acknowledgements. */
  private static final Duration LINGER_LOOK = Duration.ofMillis(20);

  /** How long a peer that was sending must pause before it counts as quiet. */
  private static final Duration QUIET_AFTER_TRAFFIC = Duration.ofMillis(250);

  /** TELNET replies waiting beyond this pause our reads, so a silent peer cannot grow them. */
  private static final int MAX_PENDING_REPLIES = 64 * 1024;

  private final SocketChannel socket;
  private final InputPump input;
  private final WritableByteChannel output;
  private final RelaySettings settings;
  private final DataPath dataPath;
  private final NcListener listener;
  private CompletableFuture<?> programExit;
  private FileChannel file;
  private SocketSplice splice;

  /** With a shared input ({@code -L}): what was sent to this client, from the first send. */
  private SendLedger ledger;

  private CompletableFuture<Optional<SocketSplice>> pendingSplice;
  private String outputFailure;

  public StreamRelay(
      SocketChannel socket,
      InputPump input,
      WritableByteChannel output,
      RelaySettings settings,
      NcListener listener) {
    this(socket, input, output, settings, DataPath.PLAIN, listener);
  }

  public StreamRelay(
      SocketChannel socket,
      InputPump input,
      WritableByteChannel output,
      RelaySettings settings,
      DataPath dataPath,
      NcListener listener) {
    this.socket = socket;
    this.input = input;
    this.output = output;
    this.settings = settings;
    this.dataPath = dataPath;
    this.listener = listener;
  }

  /**
   * Makes the input and output a program's ({@code -e}): the peer's FIN closes {@code output} (the
   * program's stdin) instead of ending the run, and once the input (the program's stdout) has ended
   * and been sent, the relay ends when {@code exit} completes.
   */
  public StreamRelay untilProgramExits(CompletableFuture<?> exit) {
    this.programExit = exit;
    return this;
  }

  /**
   * Sends {@code input}, a regular file, with {@link FileChannel#transferTo} ({@code sendfile}: no
   * copy through our memory) from its current position instead of taking chunks from the pump,
   * which must then not be started. Only for the plain data path. The file's position is left after
   * the last byte sent, so that with {@code -L} the next connection goes on from there.
   */
  public StreamRelay fromFile(FileChannel input) {
    this.file = input;
    return this;
  }

  /**
   * Relays until the connection is over and returns the {@link NcEvent.Closed} event it emitted.
   * The socket is left open; the caller closes it.
   *
   * @throws NcException after that event, when our output refused what arrived (a full disk)
   */
  public NcEvent.Closed run() throws IOException {
    socket.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      input.onChunk(selector::wakeup);
      if (programExit != null) {
        programExit.whenComplete((result, failure) -> selector.wakeup());
      }
      if (output instanceof OutputPump pump) {
        pump.onReady(selector::wakeup);
      }
      try {
        NcEvent.Closed closed = relay(selector);
        if (closed.reason() == CloseReason.OUTPUT_FAILED) {
          throw NcException.outputRefused(outputFailure);
        }
        return closed;
      } finally {
        input.onChunk(() -> {});
        if (splice != null) {
          splice.close();
        }
        if (pendingSplice != null) {
          pendingSplice.thenAccept(late -> late.ifPresent(SocketSplice::close));
        }
      }
    }
  }

  private NcEvent.Closed relay(Selector selector) throws IOException {
    SelectionKey key = socket.register(selector, SelectionKey.OP_READ);
    ByteBuffer inbound = INBOUND.get().clear();
    CrlfEncoder crlf = dataPath.crlf() ? new CrlfEncoder() : null;
    ByteBuffer encoded = null;
    TelnetResponder telnet = dataPath.telnet() ? new TelnetResponder() : null;
    ByteArrayOutputStream replies = telnet != null ? new ByteArrayOutputStream() : null;
    HexDumpWriter dump = dataPath.hexDump() != null ? new HexDumpWriter(dataPath.hexDump()) : null;
    long interval = dataPath.interval() != null ? dataPath.interval().toNanos() : 0;
    boolean toProgram = programExit != null;
    OutputPump deferredOutput = output instanceof OutputPump pump ? pump : null;
    DescriptorOutput spliceTarget =
        output instanceof DescriptorOutput descriptor
                && dump == null
                && telnet == null
                && !toProgram
            ? descriptor
            : null;

    ByteBuffer outbound = null;
    boolean outboundFromPump = false;
    ByteBuffer control = null;
    boolean inputEnded = false;
    boolean outputShut = false;
    boolean outputGone = false;
    boolean peerEnded = false;
    long sent = 0;
    long received = 0;
    long idleDeadline = 0;
    long quitDeadline = 0;
    long graceDeadline = 0;
    long nextLineAt = 0;
    long filePosition = file != null ? file.position() : 0;
    boolean fileWaits = false;
    boolean writable = false;
    boolean failureKept = false;
    // A send the peer's reset refused: the relay only reads from then on (top of the loop).
    boolean sendFailed = false;
    long trainDue = 0;
    // With a shared input (-L), what a client that leaves never took goes to the next one: the
    // relay keeps what it sent until the client's end acknowledges it (a file is read again).
    boolean shared = settings.inputOutlivesConnection() && !toProgram;
    // Our FIN takes a sequence number: the kernel's counts include it once it is queued.
    boolean finQueued = false;
    long fileStart = filePosition;
    CloseReason reason;

    while (true) {
      long now = System.nanoTime();
      if (sendFailed && !outputShut) {
        // Reset mid-send: what the peer sent before its RST is still queued in our socket, and nc
        // writes it out. We send no more and read to the end, which the reset then reports.
        inputEnded = true;
        outputShut = true;
        control = null;
      }
      if (file != null && !inputEnded && (!fileWaits || writable)) {
        long n;
        if (shared) {
          openLedger(false);
        }
        try {
          n = file.transferTo(filePosition, FILE_CHUNK, socket);
        } catch (IOException e) {
          reason = endOnSendFailure(peerEnded, toProgram);
          if (reason != null) {
            break;
          }
          sendFailed = true;
          continue;
        }
        writable = false;
        if (n > 0) {
          filePosition += n;
          sent += n;
          fileWaits = false;
          if (idleDeadline != 0) {
            idleDeadline = now + settings.timeout().toNanos();
          }
          listener.onEvent(new NcEvent.BytesOut(System.nanoTime(), (int) n));
          continue;
        }
        // Nothing moved: the socket is full, unless it was just reported writable or the file has
        // no more bytes, which is the end of input.
        if (fileWaits || filePosition >= file.size()) {
          inputEnded = true;
          if (settings.timeout() != null) {
            idleDeadline = now + settings.timeout().toNanos();
          }
          if (settings.quitAfterEof() != null && quitDeadline == 0) {
            quitDeadline = now + settings.quitAfterEof().toNanos();
          }
        } else {
          fileWaits = true;
        }
      } else if (outbound == null && !inputEnded && file == null) {
        ByteBuffer chunk = input.poll();
        if (chunk != null && InputPump.isEnd(chunk)) {
          inputEnded = true;
          if (settings.timeout() != null) {
            idleDeadline = now + settings.timeout().toNanos();
          }
          if (settings.quitAfterEof() != null && quitDeadline == 0) {
            quitDeadline = now + settings.quitAfterEof().toNanos();
          }
        } else if (chunk != null) {
          if (crlf != null) {
            int room = CrlfEncoder.maxEncodedLength(chunk.remaining());
            if (encoded == null || encoded.capacity() < room) {
              encoded = ByteBuffer.allocateDirect(room);
            }
            encoded.clear();
            crlf.encode(chunk, encoded);
            encoded.flip();
            input.release(chunk);
            outbound = encoded;
            outboundFromPump = false;
          } else {
            outbound = chunk;
            outboundFromPump = true;
          }
        }
      }
      boolean lineDue = interval == 0 || nextLineAt == 0 || now - nextLineAt >= 0;
      if (control != null || (outbound != null && !sendFailed && lineDue)) {
        ByteBuffer source = control != null ? control : outbound;
        int start = source.position();
        int limit = source.limit();
        if (source == outbound && interval != 0) {
          source.limit(DataPath.lineEnd(source));
        }
        if (shared && source == outbound) {
          openLedger(telnet == null);
        }
        int n;
        try {
          n = socket.write(source);
        } catch (IOException e) {
          source.limit(limit);
          if (outbound == null || !shared) {
            if (outbound != null && outboundFromPump) {
              input.release(outbound);
            }
            outbound = null;
          }
          reason = endOnSendFailure(peerEnded, toProgram);
          if (reason != null) {
            break;
          }
          sendFailed = true;
          continue;
        }
        boolean lineSent =
            source == outbound
                && interval != 0
                && !source.hasRemaining()
                && source.get(source.limit() - 1) == '\n';
        source.limit(limit);
        if (n > 0) {
          sent += n;
          if (ledger != null && source == outbound) {
            ledger.sent(source, start, n);
          }
          if (dump != null) {
            dump.sent(source.duplicate().position(start).limit(start + n));
          }
          listener.onEvent(new NcEvent.BytesOut(System.nanoTime(), n));
          if (idleDeadline != 0) {
            // What flows after an end has started the clock is not idle.
            idleDeadline = System.nanoTime() + settings.timeout().toNanos();
          }
        }
        if (lineSent) {
          nextLineAt = System.nanoTime() + interval;
        }
        if (source == control && !control.hasRemaining()) {
          control = null;
          continue;
        }
        if (source == outbound && !outbound.hasRemaining()) {
          if (outboundFromPump) {
            input.release(outbound);
          }
          outbound = null;
          // The wait for more input starts now: a chunk that took longer than the grace to go out
          // to a slow peer left none, and the next was not read yet.
          graceDeadline = System.nanoTime() + INPUT_GRACE_AFTER_PEER_CLOSE.toNanos();
          continue;
        }
      }
      if (inputEnded && outbound == null && control == null && !outputShut) {
        outputShut = true;
        // Without our FIN (--no-shutdown) the peer ends the connection: a listener that serves a
        // file (nc.openbsd -l, ncat -l) stops sending at the FIN.
        if (settings.finAtEnd()) {
          if (!peerEnded) {
            socket.shutdownOutput();
            finQueued = true;
          }
          listener.onEvent(new NcEvent.HalfClosed(System.nanoTime(), Direction.OUTBOUND));
        }
      }
      if (outputShut && peerEnded && !toProgram) {
        reason = sendFailed ? CloseReason.RESET : CloseReason.COMPLETE;
        break;
      }
      // After the peer's FIN, only input that has paused is waited for, and only for the grace. A
      // file's unsent rest is waiting output, not paused input: a peer that half-closed and read
      // slowly got 3.9 of 20 MB, with exit 0.
      boolean inputPausedAfterPeer =
          !toProgram && peerEnded && outbound == null && (file == null || inputEnded);
      if (toProgram) {
        if (outputShut && programExit.isDone()) {
          reason = CloseReason.COMPLETE;
          break;
        }
      } else if (inputPausedAfterPeer
          && (settings.interactiveInput() || now - graceDeadline >= 0)) {
        reason = CloseReason.PEER_CLOSED;
        break;
      }
      if (idleDeadline != 0 && now - idleDeadline >= 0) {
        reason = CloseReason.TIMEOUT;
        break;
      }
      if (quitDeadline != 0 && now - quitDeadline >= 0) {
        // A program whose output is still open at -q's end is given up on, not waited for.
        reason = toProgram && !inputEnded ? CloseReason.TIMEOUT : CloseReason.COMPLETE;
        break;
      }

      boolean canWrite =
          control != null
              || (outbound != null && outbound.hasRemaining() && !sendFailed && lineDue)
              || (fileWaits && !inputEnded);
      boolean canRead =
          !peerEnded
              && (control == null || control.remaining() < MAX_PENDING_REPLIES)
              && (deferredOutput == null || outputGone || deferredOutput.ready());
      key.interestOps(
          (canRead ? SelectionKey.OP_READ : 0) | (canWrite ? SelectionKey.OP_WRITE : 0));
      if (splice == null || !splice.waitsForTrains()) {
        trainDue = 0;
      } else if (trainDue == 0) {
        trainDue = now + SocketSplice.TRAIN_PATIENCE_NANOS;
      }
      long wait =
          nearest(
              now,
              idleDeadline,
              quitDeadline,
              // Not while a send is held up: a grace already past woke the selector every
              // millisecond.
              inputPausedAfterPeer ? graceDeadline : 0,
              outbound != null && !lineDue ? nextLineAt : 0,
              trainDue);
      boolean readable;
      if (canRead && failureKept) {
        // The splice's failure after its last bytes: it is reported now, not at the next arrival.
        writable = false;
        readable = true;
      } else {
        if (wait < 0) {
          selector.select();
        } else {
          selector.select(Math.max(1, wait));
        }
        // A key left out of this round keeps its old ready set: only a selected key's counts.
        boolean selected = selector.selectedKeys().remove(key);
        selector.selectedKeys().clear();
        writable = selected && key.isValid() && key.isWritable();
        readable = canRead && selected && key.isValid() && key.isReadable();
        // A bulk receive waits for a whole train only so long: then it takes what has come.
        readable |= canRead && trainDue != 0 && System.nanoTime() - trainDue >= 0;
      }
      failureKept = false;

      if (readable) {
        if (spliceTarget != null && received >= SPLICE_AFTER) {
          pendingSplice = SocketSplice.openInBackground(socket, spliceTarget);
          spliceTarget = null;
        }
        if (pendingSplice != null && pendingSplice.isDone()) {
          splice = pendingSplice.join().orElse(null);
          pendingSplice = null;
        }
        boolean spliced = splice != null;
        long n;
        if (spliced) {
          try {
            n = splice.drain(DRAIN_LIMIT);
            failureKept = splice.failurePending();
            trainDue = 0;
          } catch (SocketSplice.OutputFailedException e) {
            reason = outputEnded(e);
            break;
          } catch (IOException e) {
            reason = CloseReason.RESET;
            break;
          }
          if (!splice.usable()) {
            splice.close();
            splice = null;
          }
        } else {
          try {
            n = socket.read(inbound);
          } catch (IOException e) {
            reason = CloseReason.RESET;
            break;
          }
        }
        if (n > 0) {
          received += n;
          listener.onEvent(new NcEvent.BytesIn(System.nanoTime(), (int) n));
          if (!spliced) {
            inbound.flip();
            if (dump != null) {
              dump.received(inbound);
            }
            if (telnet != null && !outputShut) {
              telnet.scan(inbound, replies);
              if (replies.size() > 0) {
                control = append(control, replies.toByteArray());
                replies.reset();
              }
            }
            if (!outputGone) {
              try {
                while (inbound.hasRemaining()) {
                  output.write(inbound);
                }
              } catch (IOException e) {
                if (!toProgram) {
                  reason = outputEnded(e);
                  break;
                }
                // The program stopped reading; what the peer still sends has nowhere to go.
                outputGone = true;
              }
            }
            inbound.clear();
            if (n == inbound.capacity() && n < BUFFER_SIZE) {
              inbound = ByteBuffer.allocateDirect(BUFFER_SIZE);
              INBOUND.set(inbound);
            }
          }
          if (idleDeadline != 0) {
            idleDeadline = System.nanoTime() + settings.timeout().toNanos();
          }
        } else if (n < 0) {
          peerEnded = true;
          graceDeadline = System.nanoTime() + INPUT_GRACE_AFTER_PEER_CLOSE.toNanos();
          if (shared) {
            openLedger(file == null && telnet == null);
            ledger.peerFin(sent);
          }
          listener.onEvent(new NcEvent.HalfClosed(System.nanoTime(), Direction.INBOUND));
          long end = System.nanoTime();
          // -w bounds what is left after the peer's end as after ours: a program waited for, or
          // a send that a peer which half-closed and reads nothing never takes (a file on stdin
          // waited for it for ever; nc.openbsd -w 2 gives up after 2 s).
          if (settings.timeout() != null && idleDeadline == 0) {
            idleDeadline = end + settings.timeout().toNanos();
          }
          if (toProgram) {
            if (!outputGone) {
              closeQuietly(output);
              outputGone = true;
            }
            // The program's input is over: from here on it is only waited for as long as -q
            // allows too, as after the end of our own input.
            if (settings.quitAfterEof() != null && quitDeadline == 0) {
              quitDeadline = end + settings.quitAfterEof().toNanos();
            }
          }
        }
      }
    }
    if (toProgram && reason == CloseReason.COMPLETE && !peerEnded && sent > 0) {
      awaitPeerAfterProgram(selector, key, inbound, finQueued ? 1 : 0);
    }
    long lost = ledger != null ? ledger.lost(selector, key, sent, finQueued ? 1 : 0) : 0;
    if (file != null) {
      // A file is read again from the first byte the client's end never acknowledged.
      file.position(Math.max(fileStart, filePosition - lost));
    }
    if (outbound != null && outbound.hasRemaining()) {
      // What was read but not sent goes to the next connection (-L); a converted chunk is copied
      // because its buffer belongs to this relay.
      input.unread(outboundFromPump ? outbound : copyOf(outbound));
    } else if (outbound != null && outboundFromPump) {
      input.release(outbound);
    }
    ByteBuffer thrownAway = ledger != null ? ledger.lastSent(lost) : null;
    if (thrownAway != null) {
      // Ahead of the unsent rest: these went out first.
      input.unread(thrownAway);
    }
    NcEvent.Closed closed = new NcEvent.Closed(System.nanoTime(), sent, received, reason);
    listener.onEvent(closed);
    return closed;
  }

  /**
   * Why a write to our output failed: its reader left (nc's quiet end, as {@code | head -c 1}), or
   * the output refused the bytes while someone still waits for them (a full disk), which the user
   * must hear about.
   */
  private CloseReason outputEnded(IOException failure) {
    if (!DescriptorOutput.readerGone(output)) {
      outputFailure = failure.getMessage();
      return CloseReason.OUTPUT_FAILED;
    }
    return CloseReason.OUTPUT_CLOSED;
  }

  /**
   * How a failed send ends the relay: a program's relay gives up, its output undelivered, as a
   * reset (exit 1, where nc 1.10's program fails its write), even after the peer's FIN: a client
   * that half-closes and leaves is the usual way to stop reading; stdin's relay ends as the peer
   * closed once its FIN was read, and otherwise ({@code null}) goes on to read what the peer sent
   * before its reset.
   */
  private static CloseReason endOnSendFailure(boolean peerEnded, boolean toProgram) {
    return toProgram ? CloseReason.RESET : peerEnded ? CloseReason.PEER_CLOSED : null;
  }

  /**
   * After a program's whole output, while the peer may still send: a socket closed with bytes
   * unread resets, and the reset throws away what its send queue still holds of the output (a slow
   * reader got 16.4 of 20 MB, then an end; nc.traditional and socat alike). So the close waits,
   * reading and dropping what the peer sends, until the output is acknowledged (or its
   * acknowledgements stop for {@link SendLedger#DELIVERY_PATIENCE}); then until the peer is quiet
   * (one look of {@link #LINGER_LOOK} when it sent nothing, a pause of {@link #QUIET_AFTER_TRAFFIC}
   * once it did) or has had {@link #LINGER_AFTER_DELIVERY} more, for a peer whose system drops what
   * it received and did not read yet when a reset comes. The peer's FIN ends the wait: the close is
   * then clean.
   *
   * @param fin 1 when our FIN is queued, which the kernel counts as a byte
   */
  private void awaitPeerAfterProgram(
      Selector selector, SelectionKey key, ByteBuffer discard, int fin) throws IOException {
    Optional<SocketDescriptor> descriptor = SocketDescriptor.of(socket);
    key.interestOps(SelectionKey.OP_READ);
    long left = Long.MAX_VALUE;
    long progressAt = System.nanoTime();
    long deliveredAt = 0;
    long heardAt = 0;
    while (true) {
      selector.select(LINGER_LOOK.toMillis());
      selector.selectedKeys().clear();
      try {
        for (int n = socket.read(discard.clear()); n != 0; n = socket.read(discard.clear())) {
          if (n < 0) {
            return;
          }
          heardAt = System.nanoTime();
        }
      } catch (IOException e) {
        return;
      }
      long now = System.nanoTime();
      Optional<TcpSendProgress> progress = descriptor.flatMap(SocketDescriptor::sendProgress);
      if (progress.isPresent() && progress.get().closed()) {
        return;
      }
      long unacknowledged = progress.map(p -> p.unacknowledged() - fin).orElse(0L);
      if (unacknowledged > 0) {
        if (unacknowledged < left) {
          left = unacknowledged;
          progressAt = now;
        } else if (now - progressAt >= SendLedger.DELIVERY_PATIENCE.toNanos()) {
          return;
        }
        continue;
      }
      if (deliveredAt == 0) {
        deliveredAt = now;
      }
      boolean quiet = heardAt == 0 || now - heardAt >= QUIET_AFTER_TRAFFIC.toNanos();
      if (quiet || now - deliveredAt >= LINGER_AFTER_DELIVERY.toNanos()) {
        return;
      }
    }
  }

  /** Starts the ledger of what is sent, once; {@code keepBytes} for chunks, not a file's. */
  private void openLedger(boolean keepBytes) throws IOException {
    if (ledger == null) {
      ledger = SendLedger.open(socket, keepBytes);
    }
  }

  private static ByteBuffer copyOf(ByteBuffer buffer) {
    ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
    copy.put(buffer).flip();
    return copy;
  }

  private static ByteBuffer append(ByteBuffer pending, byte[] more) {
    if (pending == null) {
      return ByteBuffer.wrap(more);
    }
    ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + more.length);
    joined.put(pending).put(more).flip();
    return joined;
  }

  private static void closeQuietly(WritableByteChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // The program already closed its end; closing ours has done its job.
    }
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
