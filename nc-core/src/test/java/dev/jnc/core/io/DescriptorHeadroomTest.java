package dev.jnc.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DescriptorHeadroomTest {

  @Test
  void eachFileOpenedTakesOneFromTheHeadroom() throws IOException {
    OptionalInt before = DescriptorHeadroom.now();
    assumeTrue(before.isPresent(), "needs /proc/self and a finite descriptor limit");
    try (FileChannel first = FileChannel.open(Path.of("/dev/null"));
        FileChannel second = FileChannel.open(Path.of("/dev/null"))) {
      assertThat(DescriptorHeadroom.now()).hasValue(before.getAsInt() - 2);
    }
    assertThat(DescriptorHeadroom.now()).hasValue(before.getAsInt());
  }
}
