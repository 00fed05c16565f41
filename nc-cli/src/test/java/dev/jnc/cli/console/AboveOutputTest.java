package dev.jnc.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AboveOutputTest {

  private final List<String> printed = new CopyOnWriteArrayList<>();
  private final AboveOutput output = new AboveOutput(printed::add, StandardCharsets.UTF_8);

  @Test
  void aLineSplitAcrossWritesIsPrintedOnceWhole() throws IOException {
    write("hel");
    write("lo\r\nwor");
    write("ld\n");
    assertThat(printed).containsExactly("hello", "world");
    output.close();
  }

  @Test
  void aCharacterCutInTwoIsDecodedWhole() throws IOException {
    byte[] euro = "€\n".getBytes(StandardCharsets.UTF_8);
    output.write(ByteBuffer.wrap(euro, 0, 1));
    output.write(ByteBuffer.wrap(euro, 1, euro.length - 1));
    assertThat(printed).containsExactly("€");
    output.close();
  }

  @Test
  void textWithoutLineEndingIsPrintedAfterAPause() throws IOException {
    write("login: ");
    await("the partial line printed")
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(printed).containsExactly("login: "));
    output.close();
  }

  @Test
  void closePrintsWhatIsStillHeld() throws IOException {
    write("last words");
    output.close();
    assertThat(printed).containsExactly("last words");
    assertThat(output.isOpen()).isFalse();
  }

  private void write(String text) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    assertThat(output.write(bytes)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    assertThat(bytes.hasRemaining()).isFalse();
  }
}
