package dev.jnc.core.tcp;

import dev.jnc.core.options.NcOptions;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;

/**
 * What the relay does to the bytes besides moving them. Each is off unless its option is given, and
 * the relay only does the extra work for the ones that are on.
 *
 * @param crlf {@code -c}: send CRLF for every LF not already preceded by CR
 * @param telnet {@code -t}: refuse the peer's TELNET option negotiation
 * @param interval {@code -i}: send one line per write with this pause between lines; {@code null}
 *     for none
 * @param hexDump {@code -o}: where the hex dump of the traffic goes; {@code null} for none
 */
public record DataPath(
    boolean crlf, boolean telnet, Duration interval, WritableByteChannel hexDump) {

  /** Bytes moved as they are. */
  public static final DataPath PLAIN = new DataPath(false, false, null, null);

  /**
   * Whether the bytes move as they are. Not {@code equals(PLAIN)}: a record's first {@code equals}
   * builds its method handles, some 20 ms of a short run (measured).
   */
  public boolean isPlain() {
    return !crlf && !telnet && interval == null && hexDump == null;
  }

  /**
   * The limit that ends the next write after the next LF, for {@code -i}'s one line per write (a
   * datagram per line with {@code -u}).
   */
  public static int lineEnd(ByteBuffer buffer) {
    int limit = buffer.limit();
    for (int i = buffer.position(); i < limit; i++) {
      if (buffer.get(i) == '\n') {
        return i + 1;
      }
    }
    return limit;
  }

  public static DataPath of(NcOptions options, WritableByteChannel hexDump) {
    return new DataPath(options.crlf(), options.telnet(), options.interval(), hexDump);
  }
}
