package dev.jnc.lab.observe;

import dev.jnc.lab.lifecycle.ExitHook;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The {@code sock:inet_sock_set_state} tracepoint in a tracefs instance of our own: a private ring
 * buffer with its own clock, options and filter, so that nothing global changes. A thread reads
 * {@code trace_pipe} and hands each event to a sink. The instance (and tracefs, if we mounted it)
 * is removed on {@link #close()}, and by a shutdown hook if the JVM is stopped first.
 */
final class TraceSession implements AutoCloseable {

  static final String EVENT = "events/sock/inet_sock_set_state";

  /** How long {@link #catchUp()} waits for its marker before giving up. */
  private static final long CATCH_UP_NANOS = 500_000_000L;

  /** How long closing waits for the reader to leave {@code trace_pipe} on its own. */
  private static final long READER_EXIT_MILLIS = 1000;

  private final Tracefs tracefs;
  private final Path instance;
  private volatile Consumer<TraceEvent> sink = event -> {};
  private final Set<Integer> ports = new TreeSet<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object markers = new Object();
  private final ExitHook exitHook;
  private Thread reader;
  private long markerSent;
  private long markerSeen;
  private volatile boolean stopping;
  private volatile IOException failure;

  private TraceSession(Tracefs tracefs, Path instance) {
    this.tracefs = tracefs;
    this.instance = instance;
    this.exitHook = ExitHook.register("lab-trace-cleanup", this::cleanUp);
  }

  /**
   * {@link #start()} on a thread of its own. A new instance takes the kernel some 35-50 ms (its
   * mkdir 7-10 ms, then setting its clock 28-40 ms, timed in a shell on this project's 2-core
   * guest), time in which the caller links the native calls and probes netlink.
   */
  static CompletableFuture<TraceSession> startInBackground() {
    CompletableFuture<TraceSession> started = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("lab-trace-start")
        .daemon()
        .start(
            () -> {
              try {
                started.complete(start());
              } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
              }
            });
    return started;
  }

  /**
   * Creates the instance and starts reading it; no event is enabled until {@link #follow}, and none
   * reaches a sink until {@link #deliverTo}.
   */
  static TraceSession start() throws IOException {
    Tracefs tracefs = Tracefs.open();
    tracefs.removeLeftoversOfDeadLabs();
    if (!Files.isDirectory(tracefs.root().resolve(EVENT))) {
      tracefs.close();
      throw new IOException("this kernel has no sock:inet_sock_set_state tracepoint");
    }
    Path instance =
        tracefs
            .root()
            .resolve("instances")
            .resolve(
                "lab-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()));
    try {
      Files.createDirectory(instance);
    } catch (IOException e) {
      tracefs.close();
      throw new IOException("cannot create a tracefs instance: " + e.getMessage(), e);
    }
    TraceSession session = new TraceSession(tracefs, instance);
    try {
      session.configure();
      return session;
    } catch (IOException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private void configure() throws IOException {
    // The monotonic clock is System.nanoTime()'s, so traced and polled times compare.
    write("trace_clock", "mono");
    // Only the raw fields include skaddr, the one thing that names a socket before it has a port.
    write("options/fields", "1");
    FileChannel pipe = FileChannel.open(instance.resolve("trace_pipe"), StandardOpenOption.READ);
    reader = Thread.ofPlatform().name("lab-trace-reader").daemon().unstarted(() -> read(pipe));
    reader.start();
  }

  /** Where the events go; set before the first {@link #follow}. */
  void deliverTo(Consumer<TraceEvent> sink) {
    this.sink = sink;
  }

  /** The instance's directory, for messages and tests. */
  Path instance() {
    return instance;
  }

  /** Adds {@code port} to the filter (either end) and enables the event. */
  synchronized void follow(int port) throws IOException {
    if (ports.add(port)) {
      write(
          EVENT + "/filter",
          ports.stream()
              .map(p -> "sport == " + p + " || dport == " + p)
              .collect(Collectors.joining(" || ")));
      write(EVENT + "/enable", "1");
    }
  }

  /**
   * Waits until the reader has passed a marker written now: every earlier event is delivered.
   * Markers are counted, not named: with the {@code fields} option tracefs prints them as {@code
   * UNKNOWN TYPE}. Writing and counting under one lock keeps the count in step with the markers.
   */
  void catchUp() {
    long wanted;
    synchronized (markers) {
      try {
        write("trace_marker", "lab-sync");
      } catch (IOException e) {
        return;
      }
      wanted = ++markerSent;
    }
    long deadline = System.nanoTime() + CATCH_UP_NANOS;
    synchronized (markers) {
      while (markerSeen < wanted && !stopping) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          markers.wait(left / 1_000_000 + 1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Why reading stopped early, if it did. */
  IOException failure() {
    return failure;
  }

  private void read(FileChannel pipe) {
    // Lines are split by hand: a Reader over the channel waits to fill its whole buffer.
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    try (pipe) {
      while (!stopping && pipe.read(buffer) >= 0) {
        buffer.flip();
        int start = 0;
        for (int i = 0; i < buffer.limit(); i++) {
          if (buffer.get(i) == '\n') {
            handle(new String(buffer.array(), start, i - start, StandardCharsets.US_ASCII));
            start = i + 1;
          }
        }
        buffer.position(start);
        buffer.compact();
        if (!buffer.hasRemaining()) {
          buffer.clear(); // a line longer than the buffer is no line of ours
        }
      }
    } catch (IOException e) {
      if (!stopping) {
        failure = e;
      }
    } finally {
      synchronized (markers) {
        markers.notifyAll();
      }
    }
  }

  private void handle(String line) {
    if (TraceLineParser.isMarker(line)) {
      synchronized (markers) {
        markerSeen++;
        markers.notifyAll();
      }
    } else {
      TraceLineParser.parse(line).ifPresent(sink);
    }
  }

  private void write(String file, String value) throws IOException {
    Files.writeString(instance.resolve(file), value + "\n", StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    cleanUp();
    exitHook.close();
  }

  /** Disables the event, stops the reader, removes the instance and our mount; runs once. */
  // Synchronized: at a signal the main thread may be closing the session while the exit hook
  // comes to do it; the hook must wait for that cleanup, since the JVM halts once its hooks are
  // done, and a halt in the middle left the private tracefs mounted (1 of 9 stops in a CI run).
  private synchronized void cleanUp() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      write(EVENT + "/enable", "0");
    } catch (IOException ignored) {
      // Removing the instance below disables it too.
    }
    stopReader();
    removeInstance();
    try {
      tracefs.close();
    } catch (IOException e) {
      System.err.println("lab: " + e.getMessage());
    }
  }

  private void stopReader() {
    stopping = true;
    if (reader == null) {
      return;
    }
    try {
      // A marker wakes the reader, which then sees that it must stop.
      synchronized (markers) {
        write("trace_marker", "lab-stop");
        markerSent++;
      }
      reader.join(READER_EXIT_MILLIS);
      if (reader.isAlive()) {
        // Interrupting a read on a FileChannel closes the channel and ends the read.
        reader.interrupt();
        reader.join(READER_EXIT_MILLIS);
      }
    } catch (IOException ignored) {
      reader.interrupt();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void removeInstance() {
    // rmdir fails with EBUSY while a file of the instance is still open; the reader just closed
    // its pipe, which the kernel may release a moment later.
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        Files.deleteIfExists(instance);
        return;
      } catch (IOException e) {
        if (attempt == 49) {
          System.err.println("lab: cannot remove tracefs instance " + instance + ": " + e);
          return;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
