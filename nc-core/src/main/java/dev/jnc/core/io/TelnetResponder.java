package dev.jnc.core.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Refuses every TELNET option the peer proposes, for {@code -t}: WONT to each DO or DONT, DONT to
 * each WILL or WONT, as nc 1.10 answers. The received bytes themselves are left alone; the
 * responder only watches them. A command cut in two by a read boundary is still answered once,
 * because the parser keeps its state between chunks.
 */
public final class TelnetResponder {

  static final int IAC = 0xff;
  static final int DONT = 0xfe;
  static final int DO = 0xfd;
  static final int WONT = 0xfc;
  static final int WILL = 0xfb;

  private enum State {
    DATA,
    /** After IAC. */
    COMMAND,
    /** After IAC and a verb that takes an option byte. */
    OPTION
  }

  private State state = State.DATA;
  private int refusal;

  /**
   * Scans the remaining bytes of {@code received} without consuming them and appends the replies to
   * {@code replies}.
   */
  public void scan(ByteBuffer received, ByteArrayOutputStream replies) {
    int end = received.limit();
    for (int i = received.position(); i < end; i++) {
      int b = received.get(i) & 0xff;
      switch (state) {
        case DATA -> {
          if (b == IAC) {
            state = State.COMMAND;
          }
        }
        case COMMAND -> {
          if (b == DO || b == DONT) {
            refusal = WONT;
            state = State.OPTION;
          } else if (b == WILL || b == WONT) {
            refusal = DONT;
            state = State.OPTION;
          } else {
            // IAC IAC is an escaped data byte; any other command takes no option.
            state = State.DATA;
          }
        }
        case OPTION -> {
          replies.write(IAC);
          replies.write(refusal);
          replies.write(b);
          state = State.DATA;
        }
      }
    }
  }
}
