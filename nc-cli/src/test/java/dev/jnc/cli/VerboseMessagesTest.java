package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.CloseReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerboseMessagesTest {

  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40001);

  @ParameterizedTest(name = "{0} ns")
  @ValueSource(
      longs = {
        0,
        4_999_999,
        5_000_000,
        94_999_999,
        95_000_000,
        999_999_999,
        1_004_999_999,
        1_005_000_000,
        12_345_678_901L,
        3_600_000_000_000L
      })
  void theClosingLineSaysTheSecondsAsPrintfWould(long nanos) {
    long start = 7_000_000_000L;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    VerboseMessages messages =
        new VerboseMessages(new PrintStream(err, true, StandardCharsets.UTF_8), 1, true);

    messages.onEvent(new NcEvent.Connected(start, LOCAL, REMOTE));
    messages.onEvent(new NcEvent.Closed(start + nanos, 12, 345, CloseReason.COMPLETE));

    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .last()
        .isEqualTo(
            String.format(
                Locale.ROOT,
                "jnc: 12 bytes sent, 345 bytes received in %.2f seconds.",
                new java.math.BigDecimal(nanos).movePointLeft(9)));
  }

  /** A -L server goes on past a client's reset: -v says it, where no error line would. */
  @Test
  void aResetClientOfAListenAgainServerIsToldAndOnlyThere() {
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    ByteArrayOutputStream once = new ByteArrayOutputStream();
    VerboseMessages listeningAgain =
        new VerboseMessages(new PrintStream(again, true, StandardCharsets.UTF_8), 1, true)
            .listeningAgain(true);
    VerboseMessages listeningOnce =
        new VerboseMessages(new PrintStream(once, true, StandardCharsets.UTF_8), 1, true);

    for (VerboseMessages messages : new VerboseMessages[] {listeningAgain, listeningOnce}) {
      messages.onEvent(new NcEvent.Accepted(1_000, LOCAL, REMOTE));
      messages.onEvent(new NcEvent.Closed(2_000, 0, 10, CloseReason.RESET));
    }

    assertThat(again.toString(StandardCharsets.UTF_8).lines())
        .last()
        .isEqualTo("jnc: Connection reset by peer; listening again");
    // Without -L the run ends with the reset's own error line: not told twice.
    assertThat(once.toString(StandardCharsets.UTF_8)).doesNotContain("reset");
  }

  /** As nc 1.10 calls it: by the name typed, not by what the address's reverse lookup says. */
  @Test
  void aPeerIsCalledByTheNameTypedAndAListenersClientByItsAddress() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    VerboseMessages messages =
        new VerboseMessages(new PrintStream(err, true, StandardCharsets.UTF_8), 1, false)
            .peerNamed("db.example");

    messages.onEvent(new NcEvent.ConnectFailed(1_000, REMOTE, "Connection refused"));
    messages.onEvent(new NcEvent.Connected(2_000, LOCAL, REMOTE));

    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "db.example [127.0.0.1] 40001 (?) : Connection refused",
            "db.example [127.0.0.1] 40001 (?) open");
  }
}
