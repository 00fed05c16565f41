package dev.jnc.cli.console;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns the bytes the peer sends into whole lines for a printer that puts each one above the
 * prompt. A line split across TCP segments is printed once, whole; text without a line ending yet
 * (a peer's {@code login: } prompt) is printed after a short pause, so it is never held back for
 * long.
 */
final class AboveOutput implements WritableByteChannel {

  /** How long a partial line waits for the rest of it before it is printed as it is. */
  static final long PARTIAL_LINE_MILLIS = 150;

  private final Consumer<String> printer;
  private final CharsetDecoder decoder;
  private final StringBuilder partial = new StringBuilder();
  private final ScheduledExecutorService timer;
  private ScheduledFuture<?> pendingFlush;

  /** The first bytes of a character whose last bytes have not arrived yet. */
  private ByteBuffer cut = ByteBuffer.allocate(0);

  private boolean open = true;

  AboveOutput(Consumer<String> printer, Charset charset) {
    this.printer = printer;
    this.decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("jnc-console").daemon().unstarted(r));
  }

  @Override
  public synchronized int write(ByteBuffer src) throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
    int n = src.remaining();
    ByteBuffer bytes = ByteBuffer.allocate(cut.remaining() + n).put(cut).put(src).flip();
    CharBuffer chars = CharBuffer.allocate(Math.max(16, bytes.remaining() * 2));
    // endOfInput false: a multi-byte character cut in two stays in the buffer, for the next write.
    CoderResult result = decoder.decode(bytes, chars, false);
    while (result.isOverflow()) {
      chars = grow(chars);
      result = decoder.decode(bytes, chars, false);
    }
    cut = bytes.slice();
    chars.flip();
    partial.append(chars);
    printWholeLines();
    schedulePartialFlush();
    return n;
  }

  private static CharBuffer grow(CharBuffer chars) {
    CharBuffer bigger = CharBuffer.allocate(chars.capacity() * 2);
    chars.flip();
    return bigger.put(chars);
  }

  private void printWholeLines() {
    int end = partial.lastIndexOf("\n");
    if (end < 0) {
      return;
    }
    String lines = partial.substring(0, end);
    partial.delete(0, end + 1);
    for (String line : lines.split("\n", -1)) {
      printer.accept(stripCr(line));
    }
  }

  private void schedulePartialFlush() {
    if (pendingFlush != null) {
      pendingFlush.cancel(false);
      pendingFlush = null;
    }
    if (!partial.isEmpty()) {
      pendingFlush = timer.schedule(this::flushPartial, PARTIAL_LINE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void flushPartial() {
    if (!partial.isEmpty()) {
      printer.accept(stripCr(partial.toString()));
      partial.setLength(0);
    }
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  /** Prints whatever is still held, so nothing the peer sent is lost at the end. */
  @Override
  public synchronized void close() {
    if (!open) {
      return;
    }
    open = false;
    CharBuffer tail = CharBuffer.allocate(16);
    decoder.decode(cut, tail, true);
    decoder.flush(tail);
    partial.append(tail.flip());
    flushPartial();
    timer.shutdownNow();
  }
}
