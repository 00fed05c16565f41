package dev.jnc.lab.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.Transition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeLogTest {

  private static final long START = 5_000_000_000L;
  private static final SocketKey SERVER_END =
      new SocketKey(
          new InetSocketAddress("127.0.0.1", 6666), new InetSocketAddress("127.0.0.1", 50000));

  @Test
  void printsEachChangeOnceWhenItHasSettledWithTheTimeSpentInTheOldState() {
    StringWriter text = new StringWriter();
    Instant wall = Instant.parse("2026-01-01T10:00:00Z");
    ChangeLog log =
        new ChangeLog(new PrintWriter(text), new ChangeFormatter(StateNames.LINUX, wall, START));
    Transition appeared = new Transition(START, SERVER_END, null, TcpState.ESTABLISHED, 0, true);
    Transition closed =
        new Transition(
            START + 12_345_000, SERVER_END, TcpState.ESTABLISHED, TcpState.TIME_WAIT, 12_345_000);

    log.update(List.of(appeared), START + 1_000);
    assertThat(text.toString()).as("not settled yet").isEmpty();
    log.update(List.of(appeared, closed), START + ChangeLog.SETTLE_NANOS + 1_000);
    log.update(List.of(appeared, closed), START + ChangeLog.SETTLE_NANOS + 2_000);
    log.flush(List.of(appeared, closed));

    String clock =
        java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault())
            .format(wall);
    assertThat(text.toString().lines())
        .containsExactly(
            clock + ".000000  127.0.0.1:6666 -> 127.0.0.1:50000             (new) -> ESTAB",
            clock
                + ".012345  127.0.0.1:6666 -> 127.0.0.1:50000             ESTAB -> TIME-WAIT"
                + "  (12.3 ms in ESTAB)");
  }

  /** {@code lab watch | head -1}: once head is gone the next line fails, and the watch ends. */
  @Test
  void aReaderThatLeftIsNoticedAtTheNextLine() {
    java.io.OutputStream gone =
        new java.io.OutputStream() {
          @Override
          public void write(int b) throws java.io.IOException {
            throw new java.io.IOException("Broken pipe");
          }
        };
    ChangeLog log =
        new ChangeLog(
            new PrintWriter(new java.io.PrintStream(gone), true),
            new ChangeFormatter(StateNames.LINUX, Instant.EPOCH, START));
    Transition appeared = new Transition(START, SERVER_END, null, TcpState.ESTABLISHED, 0, true);

    assertThat(log.readerGone()).isFalse();
    log.update(List.of(appeared), START + ChangeLog.SETTLE_NANOS);
    assertThat(log.readerGone()).isTrue();
  }
}
