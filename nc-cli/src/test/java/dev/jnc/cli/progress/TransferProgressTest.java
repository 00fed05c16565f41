package dev.jnc.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.event.NcEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransferProgressTest {

  private static final long SECOND = 1_000_000_000L;
  private static final InetSocketAddress HERE = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress THERE = new InetSocketAddress("127.0.0.1", 6666);

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void theLineIsRedrawnInPlaceFromTheEventsAndWipedAtClose() {
    TransferProgress progress = new TransferProgress(err, Duration.ZERO);
    progress.onEvent(new NcEvent.Connected(0, HERE, THERE));
    progress.onEvent(new NcEvent.BytesOut(SECOND / 2, 1_048_576));
    progress.onEvent(new NcEvent.BytesIn(SECOND / 2, 52));
    progress.refresh(2 * SECOND);
    progress.onEvent(new NcEvent.BytesOut(3 * SECOND, 1_048_576));
    progress.refresh(4 * SECOND);
    progress.onEvent(new NcEvent.Closed(4 * SECOND, 2_097_152, 52, NcEvent.CloseReason.COMPLETE));

    String first = "jnc: 1.0 MiB sent, 52 B received, 512.0 KiB/s, 0:02";
    String second = "jnc: 2.0 MiB sent, 52 B received, 512.0 KiB/s, 0:04";
    assertThat(text())
        .isEqualTo("\r" + first + "\r" + second + "\r" + " ".repeat(second.length()) + "\r");
  }

  @Test
  void withVerboseAloneTheLineWaitsForALongTransfer() {
    TransferProgress progress = new TransferProgress(err, Duration.ofSeconds(3));
    progress.onEvent(new NcEvent.Accepted(0, HERE, THERE));
    progress.onEvent(new NcEvent.BytesIn(SECOND, 100));
    progress.refresh(2 * SECOND);
    assertThat(text()).isEmpty();
    progress.refresh(3 * SECOND);
    assertThat(text()).isEqualTo("\rjnc: 0 B sent, 100 B received, 33 B/s, 0:03");
  }

  @Test
  void nothingIsDrawnOutsideAConnectionAndAShortOneLeavesNoTrace() {
    TransferProgress progress = new TransferProgress(err, Duration.ofSeconds(3));
    progress.refresh(10 * SECOND);
    progress.onEvent(new NcEvent.Connected(10 * SECOND, HERE, THERE));
    progress.onEvent(new NcEvent.Closed(11 * SECOND, 5, 5, NcEvent.CloseReason.COMPLETE));
    progress.refresh(20 * SECOND);
    assertThat(text()).isEmpty();
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
