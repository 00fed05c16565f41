package dev.jnc.core.exec;

import dev.jnc.core.io.Libc;
import dev.jnc.core.io.WordCall;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The {@code -e} program's stdout through a FIFO of our own instead of the JDK's pipe. The JDK
 * closes its pipe as soon as the program exits, keeping only what was waiting in it, so whatever a
 * child the program left behind wrote afterwards was lost; a FIFO ends only when every process that
 * holds it has closed it, as the socket that nc 1.10 hands its program does.
 *
 * <p>Use: {@link #redirect} for the process builder's stdout, {@link #start} just before the
 * process starts (both ends of a FIFO wait for each other to open), then {@link #reader} once it
 * started, or {@link #abandon} if it did not.
 */
final class OutputFifo {

  private static final Optional<WordCall> MKFIFO = load();

  private final Path fifo;
  private CompletableFuture<FileChannel> opening;

  private OutputFifo(Path fifo) {
    this.fifo = fifo;
  }

  /**
   * A new FIFO in this process's private folder ({@link FifoFolder}).
   *
   * @return empty where FIFOs cannot be made (not Linux, no native access, no writable temporary
   *     folder): the JDK's pipe then, which still carries all the program itself writes
   */
  static Optional<OutputFifo> create() {
    if (MKFIFO.isEmpty()) {
      return Optional.empty();
    }
    Optional<Path> name = FifoFolder.newName();
    if (name.isEmpty()) {
      return Optional.empty();
    }
    OutputFifo made = new OutputFifo(name.get());
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      MemorySegment path = arena.allocateFrom(made.fifo.toString());
      if (MKFIFO.get().call(state, path.address(), 0600) != 0) {
        made.removeName();
        return Optional.empty();
      }
    }
    return Optional.of(made);
  }

  private static Optional<WordCall> load() {
    try {
      return Libc.forModuleOf(OutputFifo.class).map(libc -> libc.wordCall("mkfifo"));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  java.io.File redirect() {
    return fifo.toFile();
  }

  /**
   * Opens the reading end on its own thread: the open returns once the process builder opened the
   * writing end. A platform thread, since the open blocks in the kernel where a virtual thread
   * would hold its carrier.
   */
  void start() {
    opening = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("jnc-exec-fifo")
        .start(
            () -> {
              try {
                opening.complete(FileChannel.open(fifo, StandardOpenOption.READ));
              } catch (IOException | RuntimeException e) {
                opening.completeExceptionally(e);
              }
            });
  }

  /** The reading end, once the process started; the FIFO's name is removed, its ends stay. */
  ReadableByteChannel reader() throws IOException {
    try {
      return opening.get();
    } catch (ExecutionException e) {
      throw new IOException("cannot read the program's output: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the program", e);
    } finally {
      removeName();
    }
  }

  /** The process did not start: ends the reader's wait, which an opened writer releases. */
  void abandon() {
    try {
      if (opening != null && !opening.isDone()) {
        FileChannel.open(fifo, StandardOpenOption.WRITE).close();
      }
      if (opening != null) {
        opening.get().close();
      }
    } catch (IOException | ExecutionException e) {
      // Nothing to read from a program that never ran.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      removeName();
    }
  }

  private void removeName() {
    try {
      Files.deleteIfExists(fifo);
    } catch (IOException e) {
      // A name left in the temporary folder; the ends that matter are open.
    }
  }
}
