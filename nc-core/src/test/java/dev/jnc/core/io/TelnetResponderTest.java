package dev.jnc.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TelnetResponderTest {

  private final TelnetResponder responder = new TelnetResponder();
  private final ByteArrayOutputStream replies = new ByteArrayOutputStream();

  @Test
  void refusesDoAndDontWithWont() {
    scan(0xff, 0xfd, 0x01, 0xff, 0xfe, 0x22);
    assertThat(replies.toByteArray()).isEqualTo(bytes(0xff, 0xfc, 0x01, 0xff, 0xfc, 0x22));
  }

  @Test
  void refusesWillAndWontWithDont() {
    scan(0xff, 0xfb, 0x03, 0xff, 0xfc, 0x18);
    assertThat(replies.toByteArray()).isEqualTo(bytes(0xff, 0xfe, 0x03, 0xff, 0xfe, 0x18));
  }

  @Test
  void answersACommandCutAtEveryPoint() {
    scan(0x41, 0xff);
    scan(0xfd);
    assertThat(replies.size()).isZero();
    scan(0x01, 0xff, 0xfb);
    scan(0x03, 0x42);
    assertThat(replies.toByteArray()).isEqualTo(bytes(0xff, 0xfc, 0x01, 0xff, 0xfe, 0x03));
  }

  @Test
  void ignoresEscapedIacAndCommandsWithoutOption() {
    // IAC IAC is data 0xff; IAC NOP and IAC SB ... IAC SE negotiate nothing.
    scan(0xff, 0xff, 0xfd, 0x01, 0xff, 0xf1, 0xff, 0xfa, 0x18, 0x01, 0xff, 0xf0, 0x68, 0x69);
    assertThat(replies.size()).isZero();
  }

  @Test
  void leavesTheReceivedBytesUnconsumed() {
    ByteBuffer chunk = ByteBuffer.wrap(bytes(0xff, 0xfd, 0x01));
    responder.scan(chunk, replies);
    assertThat(chunk.position()).isZero();
    assertThat(chunk.remaining()).isEqualTo(3);
  }

  private void scan(int... values) {
    responder.scan(ByteBuffer.wrap(bytes(values)), replies);
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
