package dev.jnc.core.io;

import java.nio.ByteBuffer;

/**
 * Turns every LF that is not already preceded by CR into CRLF, for {@code -c}. The encoder
 * remembers whether the previous chunk ended in CR, so a CR and its LF that arrive in different
 * reads stay one CRLF rather than becoming CR CR LF (nc 1.10's {@code -C} bug).
 */
public final class CrlfEncoder {

  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private boolean lastWasCr;

  /** The most bytes {@link #encode} can produce from {@code inputLength} bytes. */
  public static int maxEncodedLength(int inputLength) {
    return inputLength * 2;
  }

  /**
   * Encodes all of {@code src} into {@code dst}, which must have room for {@link #maxEncodedLength}
   * bytes.
   */
  public void encode(ByteBuffer src, ByteBuffer dst) {
    int start = src.position();
    int end = src.limit();
    if (start == end) {
      return;
    }
    // Copy the runs between bare LFs in bulk: most chunks have few lines and many bytes.
    int runStart = start;
    for (int i = start; i < end; i++) {
      if (src.get(i) == LF && !(i > start ? src.get(i - 1) == CR : lastWasCr)) {
        dst.put(src.slice(runStart, i - runStart)).put(CR);
        runStart = i;
      }
    }
    dst.put(src.slice(runStart, end - runStart));
    lastWasCr = src.get(end - 1) == CR;
    src.position(end);
  }
}
