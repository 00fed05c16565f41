package dev.jnc.core.tcp;

import dev.jnc.core.io.DescriptorOutput;
import dev.jnc.core.io.Libc;
import dev.jnc.core.io.PipeCapacity;
import dev.jnc.core.io.WordCall;
import dev.jnc.core.net.SocketDescriptor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Moves received bytes from a socket to our output descriptor through a pipe of our own with {@code
 * splice(2)}, so that they never pass through our memory. Behind a sender that uses {@code
 * sendfile}, a loopback transfer then copies nothing at all: 1 GiB into {@code /dev/null} took 0.40
 * s instead of 0.59 s with {@code read} and {@code write} (measured, C receivers, 8 rounds).
 *
 * <p>An output that takes no {@code splice} (opened for appending, a terminal) gets the bytes
 * already in our pipe by {@code read} and {@code write}, and the splice is then {@link #usable() no
 * longer usable}: the relay goes back to its copy loop. A non-blocking output that is full is
 * waited for, as a blocking one would make us wait. Linux only, and only with native access.
 */
public final class SocketSplice implements AutoCloseable {

  /** The most one call takes from the socket, and the size our pipe is grown to. */
  static final int CHUNK = 1024 * 1024;

  private static final int SPLICE_F_MOVE = 1;
  private static final int SPLICE_F_NONBLOCK = 2;
  private static final int O_CLOEXEC = 0x80000;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;
  private static final int EINVAL = 22;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVLOWAT = 18;

  /**
   * What the socket holds before a bulk receive is woken ({@code SO_RCVLOWAT}): one wake per
   * quarter of our pipe rather than one per arriving segment. A C receiver making our calls took
   * 1.58 s for 2 GiB with the mark and 1.81 s without (a blocking splice 1.62 s); jnc behind a C
   * sender 2.07 s instead of 2.32 s (measured, 5 and 7 rounds). Half or all of the pipe made no
   * difference.
   */
  static final int TRAIN = 256 * 1024;

  /** How long a bulk receive waits for a full {@link #TRAIN} before it takes what has come. */
  static final long TRAIN_PATIENCE_NANOS = 5_000_000;

  private final Calls calls;
  private final SocketDescriptor descriptor;
  private final int socket;
  private final DescriptorOutput output;
  private final int pipeRead;
  private final int pipeWrite;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment callState;
  private boolean usable = true;
  private boolean pacing = true;
  private boolean trains;
  private IOException failure;

  private SocketSplice(
      Calls calls,
      SocketDescriptor descriptor,
      DescriptorOutput output,
      int pipeRead,
      int pipeWrite) {
    this.calls = calls;
    this.descriptor = descriptor;
    this.socket = descriptor.fd();
    this.output = output;
    this.pipeRead = pipeRead;
    this.pipeWrite = pipeWrite;
    this.callState = arena.allocate(Libc.CALL_STATE);
  }

  /** Whether this JVM can splice at all (Linux, native access); the first call links the calls. */
  public static boolean available() {
    return Calls.INSTANCE.isPresent();
  }

  /**
   * Makes a splice from {@code socket} to {@code output} on a thread of its own: linking the native
   * calls and running each once takes some 100 ms in a JVM that has not done so yet (measured: the
   * AOT cache holds none of the code the foreign-function API generates), time in which the relay
   * goes on copying instead of stalling. The splice is then the caller's, for one thread at a time.
   *
   * @return completes with empty when this is not Linux, native access is not granted, or the
   *     socket's descriptor or a pipe cannot be had
   */
  static CompletableFuture<Optional<SocketSplice>> openInBackground(
      SocketChannel socket, DescriptorOutput output) {
    CompletableFuture<Optional<SocketSplice>> opened = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("jnc-splice")
        .daemon()
        .start(() -> opened.complete(open(socket, output)));
    return opened;
  }

  private static Optional<SocketSplice> open(SocketChannel socket, DescriptorOutput output) {
    if (Calls.INSTANCE.isEmpty()) {
      return Optional.empty();
    }
    Calls calls = Calls.INSTANCE.get();
    try (Arena local = Arena.ofConfined()) {
      Optional<SocketDescriptor> descriptor = SocketDescriptor.of(socket);
      if (descriptor.isEmpty()) {
        return Optional.empty();
      }
      MemorySegment ends = local.allocate(ValueLayout.JAVA_INT, 2);
      MemorySegment state = local.allocate(Libc.CALL_STATE);
      if ((int) calls.pipe2.call(state, ends.address(), O_CLOEXEC) != 0) {
        return Optional.empty();
      }
      int pipeRead = ends.getAtIndex(ValueLayout.JAVA_INT, 0);
      int pipeWrite = ends.getAtIndex(ValueLayout.JAVA_INT, 1);
      // A pipe of the default 64 KiB works too, with sixteen times the calls.
      PipeCapacity.grow(pipeWrite, CHUNK);
      SocketSplice splice = new SocketSplice(calls, descriptor.get(), output, pipeRead, pipeWrite);
      try {
        splice.runEachCallOnce();
      } catch (Throwable e) {
        splice.close();
        return Optional.empty();
      }
      return Optional.of(splice);
    } catch (Throwable e) {
      return Optional.empty();
    }
  }

  /**
   * Moves what the socket has ready, up to {@link #CHUNK} bytes, to the output. Every byte taken
   * from the socket is in the output when this returns.
   *
   * @return the bytes moved; 0 when the socket had none ready; -1 at the peer's end of stream
   * @throws OutputFailedException the output failed (closed, full disk); what was taken is lost
   * @throws IOException the socket failed (a reset); nothing was taken
   */
  long move() throws IOException {
    long taken = splice(socket, pipeWrite, CHUNK, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (taken < 0) {
      int error = errno();
      if (error == EAGAIN || error == EINTR) {
        return 0;
      }
      throw new IOException("splice from the socket failed (errno " + error + ")");
    }
    if (taken == 0) {
      return -1;
    }
    long left = taken;
    while (left > 0 && usable) {
      long put = splice(pipeRead, output.fd(), left, SPLICE_F_MOVE);
      if (put > 0) {
        left -= put;
        continue;
      }
      int error = put < 0 ? errno() : EINVAL;
      if (error == EINTR) {
        continue;
      }
      if (error == EAGAIN) {
        output.awaitRoom();
        continue;
      }
      // EINVAL: an output that takes no splice. Any other error comes again from the write below,
      // in the JDK's words (No space left on device, Broken pipe).
      usable = false;
    }
    if (left > 0) {
      copyOut(left);
    }
    return taken;
  }

  /**
   * Moves what the socket has ready, call after call, until it has no more or {@code limit} bytes
   * have moved: one wait for readiness per train of segments rather than one per call. While the
   * peer sends in bulk, the socket wakes us only for a {@link #TRAIN} and a call that finds less
   * ends the drain; the caller {@link #waitsForTrains() waits} no longer than {@link
   * #TRAIN_PATIENCE_NANOS} for the next. A failure after some bytes moved is kept for the next call
   * ({@link #failurePending()}), so that the bytes are counted before the failure is reported.
   *
   * @return as {@link #move()}: the bytes moved, 0 when none were ready, -1 at the end of stream
   *     before any byte moved (after some, the next call returns it)
   * @throws OutputFailedException the output failed; what was taken is lost
   * @throws IOException the socket failed
   */
  long drain(long limit) throws IOException {
    if (failure != null) {
      IOException kept = failure;
      failure = null;
      throw kept;
    }
    long moved = 0;
    while (moved < limit && usable) {
      long n;
      try {
        n = move();
      } catch (IOException e) {
        if (moved == 0) {
          throw e;
        }
        failure = e;
        return moved;
      }
      if (n <= 0) {
        if (moved == 0) {
          paceAfter(0);
          return n;
        }
        break;
      }
      moved += n;
      if (trains && n < TRAIN) {
        // The socket is all but empty: wait for the next train, not for each segment of it.
        break;
      }
    }
    paceAfter(moved);
    return moved;
  }

  /**
   * Raises the socket's low-water mark while the peer sends in bulk and lowers it as soon as a
   * receive finds less: a wait then ends after {@link #TRAIN_PATIENCE_NANOS} at worst, once, and
   * interactive bytes after a bulk transfer are not held back.
   */
  private void paceAfter(long moved) {
    boolean bulk = moved >= TRAIN;
    if (bulk != trains && markLowWater(bulk ? TRAIN : 1)) {
      trains = bulk;
    }
  }

  /** Sets the socket's {@code SO_RCVLOWAT}; false, and no pacing from then on, if it refuses. */
  private boolean markLowWater(int bytes) {
    if (!pacing) {
      return false;
    }
    try {
      descriptor.setIntOption(SOL_SOCKET, SO_RCVLOWAT, bytes);
      return true;
    } catch (IOException e) {
      // Only a receive that takes more calls: the bytes move alike without the mark.
      pacing = false;
      trains = false;
      return false;
    }
  }

  /** Whether a wait for the socket must end after {@link #TRAIN_PATIENCE_NANOS}. */
  boolean waitsForTrains() {
    return trains;
  }

  /** Whether the next {@link #drain} reports a failure without waiting for the socket. */
  boolean failurePending() {
    return failure != null;
  }

  /** Zero-byte calls, which move nothing: their first run builds the code that makes them. */
  private void runEachCallOnce() throws Throwable {
    splice(socket, pipeWrite, 0, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    long ignored = read(0, 0);
    errno();
    markLowWater(1);
  }

  /** False once the output has refused a splice: the relay then reads and writes as before. */
  boolean usable() {
    return usable;
  }

  /** Empties our pipe into the output through our memory, for an output that takes no splice. */
  private void copyOut(long bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(bytes, CHUNK));
    MemorySegment memory = MemorySegment.ofBuffer(buffer);
    long left = bytes;
    while (left > 0) {
      long n = read(memory.address(), buffer.capacity());
      if (n < 0 && errno() == EINTR) {
        continue;
      }
      if (n <= 0) {
        throw new IOException("reading our pipe failed (errno " + errno() + ")");
      }
      buffer.clear().limit((int) n);
      try {
        while (buffer.hasRemaining()) {
          output.write(buffer);
        }
      } catch (IOException e) {
        throw new OutputFailedException(e.getMessage());
      }
      left -= n;
    }
  }

  private long splice(int from, int to, long bytes, int flags) {
    return calls.splice.call(callState, from, 0, to, 0, bytes, flags);
  }

  /** {@code read(2)} from our pipe into native memory at {@code address}. */
  private long read(long address, long bytes) {
    return calls.read.call(callState, pipeRead, address, bytes);
  }

  private int errno() {
    return Libc.errno(callState);
  }

  @Override
  public void close() {
    try {
      // A descriptor that will not close is gone with the process; nothing else holds it.
      long ignored = calls.close.call(callState, pipeRead);
      ignored = calls.close.call(callState, pipeWrite);
    } finally {
      arena.close();
    }
  }

  /** The output failed, as opposed to the socket: the relay ends as the copy loop's write would. */
  static final class OutputFailedException extends IOException {
    OutputFailedException(String message) {
      super(message);
    }
  }

  private static final class Calls {

    static final Optional<Calls> INSTANCE = load();

    private final WordCall splice;
    private final WordCall read;
    private final WordCall pipe2;
    private final WordCall close;

    /** In {@link Libc#wordCall}'s one shape: the receive path links no other. */
    private Calls(Libc libc) {
      splice = libc.wordCall("splice");
      read = libc.wordCall("read");
      pipe2 = libc.wordCall("pipe2");
      close = libc.wordCall("close");
    }

    private static Optional<Calls> load() {
      try {
        return Libc.forModuleOf(SocketSplice.class).map(Calls::new);
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }
}
