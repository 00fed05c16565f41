package dev.jnc.core.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads our input (stdin) on its own thread, because a pipe or a terminal cannot be registered with
 * a {@link java.nio.channels.Selector}. A bounded set of buffers circulates (two for a stream: the
 * pump fills one while the relay drains the other; more for small datagrams, so that one wakeup of
 * the relay sends many), and a slow network stops the pump (backpressure) instead of growing a
 * queue.
 *
 * <p>The pump outlives a single connection: with {@code -L} every client gets what input is left,
 * and a chunk read but not sent when a connection ended is handed to the next one.
 */
public final class InputPump implements AutoCloseable {

  /**
   * The chunk of a stream, and the size a stdin pipe is grown to: one read takes a full pipe. Four
   * times the 256 KiB it was: a 2 GiB transfer from a pipe took 1.57-1.67 s instead of 2.2-2.3 s
   * (measured, JVM starts included), with a quarter of the hand-offs between the two threads.
   */
  public static final int STREAM_CHUNK = 1024 * 1024;

  /**
   * A read that takes more than this found more than a pipe of Linux's default size holds: the
   * writer produces in bulk, and the stream pump {@link #stream() gathers}.
   */
  static final int BULK_READ = 64 * 1024;

  /**
   * The first buffer of a {@link #stream() stream} pump: four pages, where a full chunk is 256. A
   * fresh direct buffer is zeroed page by page, and on a 2-core EPYC guest each first touch of a
   * page costs 11-17 us: the megabyte took 3-4 ms before the first read and again before the read
   * that finds the end, both on the path of a one-line request (measured, see {@code
   * docs/benchmarks.md}).
   */
  static final int FIRST_STREAM_BUFFER = 16 * 1024;

  /**
   * How long a gathering pump lets a bulk writer fill the pipe before it reads again: 2 GiB from
   * {@code head -c} took the relay 9,252 turns and 4,669 socket writes instead of 29,579 and
   * 18,139, read as fast as {@code head} wrote, and 0.39 s of user CPU instead of 0.90 s, with the
   * same wall time (measured into a C splice receiver). At {@code head}'s 1.3 GB/s the pause lets
   * in some 260 KB, well short of the megabyte the pipe is grown to: the writer is not held up.
   */
  static final long GATHER_NANOS = 200_000;

  /** Marks the end of input in the chunk queue. */
  private static final ByteBuffer END = ByteBuffer.allocate(0);

  private final ReadableByteChannel input;
  private final int bufferSize;
  private final int buffers;
  private final boolean direct;
  private final BlockingQueue<ByteBuffer> free;

  /**
   * The buffers made so far. Made on the pump's thread, one when it finds none free: a direct
   * buffer is zeroed page by page when made, and a fresh process paid 6-9 ms for a stream's two
   * megabytes on its main thread (2-core EPYC guest, where each first touch of a page is a costly
   * fault), before a probe that sends nothing or an input that is at its end at once.
   */
  private final Set<ByteBuffer> pooled =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  private final BlockingDeque<ByteBuffer> filled = new LinkedBlockingDeque<>();
  private final Thread thread;
  private volatile Runnable onChunk = () -> {};
  private volatile boolean stream;

  /** A read filled a small first buffer: every buffer made from then on has the full size. */
  private volatile boolean bulk;

  private volatile boolean ended;

  public InputPump(ReadableByteChannel input, int bufferSize) {
    this(input, bufferSize, "jnc-stdin");
  }

  /** A pump whose thread has {@code threadName}, for inputs other than stdin ({@code -e}). */
  public InputPump(ReadableByteChannel input, int bufferSize, String threadName) {
    this(input, bufferSize, 2, threadName, true);
  }

  /** A pump with {@code buffers} direct buffers of {@code bufferSize} bytes, at least two. */
  public InputPump(ReadableByteChannel input, int bufferSize, int buffers, String threadName) {
    this(input, bufferSize, buffers, threadName, true);
  }

  /**
   * @param direct direct buffers, for a channel on a descriptor (stdin); a pump made per connection
   *     ({@code -e}) over a stream wants heap buffers, which a stream channel needs anyway and the
   *     young collection frees, where direct ones wait for a full GC and grew a {@code -L -e}
   *     server
   */
  public InputPump(ReadableByteChannel input, int bufferSize, String threadName, boolean direct) {
    this(input, bufferSize, 2, threadName, direct);
  }

  private InputPump(
      ReadableByteChannel input, int bufferSize, int buffers, String threadName, boolean direct) {
    this.input = input;
    this.bufferSize = bufferSize;
    this.buffers = Math.max(2, buffers);
    this.direct = direct;
    this.free = new ArrayBlockingQueue<>(this.buffers);
    this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::pump);
  }

  /** A free buffer, a new one while fewer than {@code buffers} exist, else the next one freed. */
  private ByteBuffer takeFree() throws InterruptedException {
    ByteBuffer buffer = free.poll();
    if (buffer == null && pooled.size() < buffers) {
      return make();
    }
    if (buffer == null) {
      buffer = free.take();
    }
    if (bulk && buffer.capacity() < bufferSize) {
      // The small first buffer, back after the input proved bulk: a full-size one takes its place.
      pooled.remove(buffer);
      return make();
    }
    return buffer;
  }

  private ByteBuffer make() {
    int size = stream && !bulk ? Math.min(FIRST_STREAM_BUFFER, bufferSize) : bufferSize;
    ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    pooled.add(buffer);
    return buffer;
  }

  /** An input that is already at its end, for runs that send nothing ({@code -z}). */
  public static InputPump empty() {
    InputPump pump = new InputPump(null, 0);
    pump.ended = true;
    pump.filled.add(END);
    return pump;
  }

  public void start() {
    if (input != null && thread.getState() == Thread.State.NEW) {
      thread.start();
    }
  }

  /**
   * Makes this pump's input a stream, where a chunk may be any size, which the pump uses twice. It
   * reads into small buffers ({@link #FIRST_STREAM_BUFFER}) until a read fills one, and into
   * full-size ones from then on: a line typed or piped in never costs the megabytes. And when input
   * comes in bulk, it pauses a moment after each read so that the next takes a fuller pipe. Not for
   * datagrams, where each read is one datagram: a smaller buffer would cut one, and a pause only
   * lowers the rate.
   *
   * @return this pump
   */
  public InputPump stream() {
    stream = true;
    return this;
  }

  /** Called (on the pump's thread) after each chunk is queued, to wake the relay's selector. */
  public void onChunk(Runnable callback) {
    onChunk = callback;
  }

  /**
   * The next chunk of input, or {@code null} if none is ready yet. Returns {@link #isEnd end} once
   * input is exhausted, and keeps returning it.
   */
  public ByteBuffer poll() {
    ByteBuffer chunk = filled.poll();
    if (chunk == END) {
      filled.addFirst(END);
    }
    return chunk;
  }

  public static boolean isEnd(ByteBuffer chunk) {
    return chunk == END;
  }

  /** Gives a fully sent chunk back to be filled again. */
  public void release(ByteBuffer chunk) {
    // Identity, not equals: two buffers with the same bytes are still two buffers.
    if (chunk != END && pooled.contains(chunk)) {
      free.add(chunk);
    }
  }

  /**
   * Puts a partly sent chunk back at the head of the queue, for the next connection. The chunk may
   * be one of ours or a converted copy ({@code -c}); only ours go back to the pool later.
   */
  public void unread(ByteBuffer chunk) {
    if (chunk != END) {
      filled.addFirst(chunk);
    }
  }

  public boolean ended() {
    return ended;
  }

  /** How many buffers the pump has made so far. */
  int buffersMade() {
    return pooled.size();
  }

  private void pump() {
    try {
      while (true) {
        ByteBuffer buffer = takeFree();
        buffer.clear();
        int n;
        try {
          n = input.read(buffer);
        } catch (IOException e) {
          // An unreadable stdin (closed descriptor, EIO on a hung-up terminal) is an end of input.
          n = -1;
        }
        if (n < 0) {
          ended = true;
          filled.add(END);
          onChunk.run();
          return;
        }
        if (stream && n == buffer.capacity() && n < bufferSize) {
          bulk = true;
        }
        buffer.flip();
        if (buffer.hasRemaining()) {
          filled.add(buffer);
          onChunk.run();
          if (stream && n > BULK_READ && n < buffer.capacity()) {
            // Each chunk costs both threads the same, however full: fewer and fuller ones.
            LockSupport.parkNanos(GATHER_NANOS);
          }
        } else {
          free.add(buffer);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the pump thread; input that is not read yet stays unread. */
  @Override
  public void close() {
    thread.interrupt();
  }
}
