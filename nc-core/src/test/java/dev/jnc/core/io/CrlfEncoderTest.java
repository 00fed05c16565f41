package dev.jnc.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrlfEncoderTest {

  /** Each input is a list of writes separated by '|'; escapes \r and \n are spelled out. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "\\n; \\r\\n",
        "\\r\\n; \\r\\n",
        "a\\nb\\n; a\\r\\nb\\r\\n",
        "\\n\\n; \\r\\n\\r\\n",
        "\\r; \\r",
        "\\r\\r\\n; \\r\\r\\n",
        "line\\r|\\nnext; line\\r\\nnext",
        "line|\\n; line\\r\\n",
        "\\r|\\r|\\n; \\r\\r\\n",
        "a\\r|b\\n; a\\rb\\r\\n",
        "\\n|\\n|\\r\\n; \\r\\n\\r\\n\\r\\n",
        "no newline; no newline",
      })
  void convertsEveryLfNotAfterCrEvenAcrossWrites(String writes, String expected) {
    CrlfEncoder encoder = new CrlfEncoder();
    StringBuilder out = new StringBuilder();
    for (String write : unescape(writes).split("\\|", -1)) {
      byte[] bytes = write.getBytes(StandardCharsets.ISO_8859_1);
      ByteBuffer dst = ByteBuffer.allocate(CrlfEncoder.maxEncodedLength(bytes.length));
      encoder.encode(ByteBuffer.wrap(bytes), dst);
      out.append(new String(dst.array(), 0, dst.position(), StandardCharsets.ISO_8859_1));
    }
    assertThat(out.toString()).isEqualTo(unescape(expected));
  }

  @Test
  void leavesEveryOtherByteAlone() {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    ByteBuffer dst = ByteBuffer.allocate(CrlfEncoder.maxEncodedLength(all.length));
    new CrlfEncoder().encode(ByteBuffer.wrap(all), dst);
    dst.flip();
    assertThat(dst.remaining()).isEqualTo(257);
    assertThat(dst.get(10)).isEqualTo((byte) '\r');
    assertThat(dst.get(11)).isEqualTo((byte) '\n');
    assertThat(dst.get(256)).isEqualTo((byte) 0xff);
  }

  @Test
  void worstCaseFitsTheAdvertisedRoom() {
    byte[] lfs = "\n\n\n\n".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer dst = ByteBuffer.allocate(CrlfEncoder.maxEncodedLength(lfs.length));
    new CrlfEncoder().encode(ByteBuffer.wrap(lfs), dst);
    assertThat(dst.hasRemaining()).isFalse();
  }

  @Test
  void directBuffersCutAnywhereGiveTheSameResultAsOneWrite() {
    String text = "GET / HTTP/1.0\nHost: x\r\n\n\r\r\nbody\nend";
    String expected = "GET / HTTP/1.0\r\nHost: x\r\n\r\n\r\r\nbody\r\nend";
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    for (int cut = 0; cut <= bytes.length; cut++) {
      CrlfEncoder encoder = new CrlfEncoder();
      ByteBuffer dst = ByteBuffer.allocateDirect(CrlfEncoder.maxEncodedLength(bytes.length));
      for (ByteBuffer part :
          new ByteBuffer[] {direct(bytes, 0, cut), direct(bytes, cut, bytes.length)}) {
        encoder.encode(part, dst);
        assertThat(part.hasRemaining()).isFalse();
      }
      dst.flip();
      byte[] out = new byte[dst.remaining()];
      dst.get(out);
      assertThat(new String(out, StandardCharsets.ISO_8859_1))
          .as("cut at " + cut)
          .isEqualTo(expected);
    }
  }

  private static ByteBuffer direct(byte[] bytes, int from, int to) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(to - from);
    buffer.put(bytes, from, to - from).flip();
    return buffer;
  }

  private static String unescape(String s) {
    return s.strip().replace("\\r", "\r").replace("\\n", "\n");
  }
}
