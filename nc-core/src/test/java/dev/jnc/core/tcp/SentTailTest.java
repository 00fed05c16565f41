package dev.jnc.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SentTailTest {

  private final byte[] stream = new byte[3 * 1024 * 1024];

  SentTailTest() {
    new Random(5).nextBytes(stream);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  @Test
  void keepsTheNewestBytesAcrossTheRingsEnd() {
    SentTail tail = new SentTail();
    ByteBuffer source = ByteBuffer.wrap(stream);
    int written = 0;
    for (int write = 0; write < 7; write++) {
      int length = 20_000 + write * 1_000;
      tail.record(source, written, length);
      written += length;
    }
    assertThat(bytes(tail.last(50_000)))
        .isEqualTo(Arrays.copyOfRange(stream, written - 50_000, written));
    // It holds 64 KiB until asked for more: the newest of them, not more.
    assertThat(bytes(tail.last(written))).hasSize(64 * 1024);
  }

  @Test
  void growsToWhatIsUnacknowledgedKeepingWhatItHeld() {
    SentTail tail = new SentTail();
    ByteBuffer source = ByteBuffer.wrap(stream);
    tail.record(source, 0, 40_000);
    tail.holdAtLeast(40_000 + 2_000_000);
    tail.record(source, 40_000, 2_000_000);
    assertThat(bytes(tail.last(2_040_000))).isEqualTo(Arrays.copyOfRange(stream, 0, 2_040_000));
  }
}
