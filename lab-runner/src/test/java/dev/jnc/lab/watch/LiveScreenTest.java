package dev.jnc.lab.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.Transition;
import dev.jnc.lab.report.NetstatFormatter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

/** The live view drawn on a JLine dumb terminal over in-memory streams. */
class LiveScreenTest {

  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 6666);
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50000);
  private static final InetSocketAddress ANY = new InetSocketAddress("0.0.0.0", 0);
  private static final long START = 1_000_000_000L;

  @Test
  void showsTheSocketsWithTheirAgeAndTheChangesLatestLast() throws Exception {
    SocketKey listener = new SocketKey(SERVER, ANY);
    SocketKey serverEnd = new SocketKey(SERVER, CLIENT);
    List<Transition> history =
        List.of(
            new Transition(START, listener, null, TcpState.LISTEN, 0, true),
            new Transition(START + 2_000_000, serverEnd, null, TcpState.SYN_RECEIVED, 0, true),
            new Transition(
                START + 2_050_000,
                serverEnd,
                TcpState.SYN_RECEIVED,
                TcpState.ESTABLISHED,
                50_000,
                true));

    String shown =
        draw(
            new Size(140, 20),
            List.of(
                new SocketRow(SERVER, ANY, TcpState.LISTEN, 1),
                new SocketRow(SERVER, CLIENT, TcpState.ESTABLISHED, 2)),
            history,
            START + 1_002_050_000L);

    assertThat(shown)
        .contains("lab watch: port 6666")
        .contains("Sockets now (2)")
        .contains("TCP    127.0.0.1:6666         0.0.0.0:0              LISTENING  for 1002.1 ms")
        .contains("TCP    127.0.0.1:6666         127.0.0.1:50000        ESTABLISHED  for 1000.0 ms")
        .contains("Changes (3, latest last)");
    assertThat(shown.indexOf("(new) -> SYN_RECEIVED"))
        .isPositive()
        .isLessThan(shown.indexOf("SYN_RECEIVED -> ESTABLISHED  (50 µs in SYN_RECEIVED)"));
  }

  @Test
  void anEightyColumnTerminalStillShowsBothStatesOfEachChange() throws Exception {
    // Five-digit ports at both ends: the widest IPv4 loopback pair a watch usually shows.
    SocketKey serverEnd =
        new SocketKey(
            new InetSocketAddress("127.0.0.1", 46022), new InetSocketAddress("127.0.0.1", 51234));
    List<Transition> history =
        List.of(
            new Transition(START, serverEnd, null, TcpState.SYN_RECEIVED, 0, true),
            new Transition(
                START + 50_000,
                serverEnd,
                TcpState.SYN_RECEIVED,
                TcpState.ESTABLISHED,
                50_000,
                true),
            new Transition(
                START + 90_000, serverEnd, TcpState.ESTABLISHED, TcpState.TIME_WAIT, 40_000, true),
            new Transition(START + 95_000, serverEnd, TcpState.TIME_WAIT, null, 5_000, true));

    String shown = draw(new Size(80, 24), List.of(), history, START + 100_000);

    assertThat(shown)
        .contains("127.0.0.1:46022 -> 127.0.0.1:51234 (new) -> SYN_RECEIVED")
        .contains("127.0.0.1:46022 -> 127.0.0.1:51234 SYN_RECEIVED -> ESTABLISHED")
        .contains("127.0.0.1:46022 -> 127.0.0.1:51234 ESTABLISHED -> TIME_WAIT")
        .contains("127.0.0.1:46022 -> 127.0.0.1:51234 TIME_WAIT -> gone");
  }

  /** What the live view draws on a dumb terminal of {@code size}. */
  private static String draw(Size size, List<SocketRow> now, List<Transition> history, long nanoNow)
      throws Exception {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    try (DumbTerminal terminal =
        new DumbTerminal(
            "test",
            "dumb",
            new ByteArrayInputStream(new byte[0]),
            screen,
            StandardCharsets.UTF_8)) {
      terminal.setSize(size);
      ChangeFormatter changes =
          new ChangeFormatter(StateNames.WINDOWS, Instant.parse("2026-01-01T10:00:00Z"), START);
      new LiveScreen(
              terminal, "lab watch: port 6666", new NetstatFormatter(StateNames.WINDOWS), changes)
          .update(now, history, nanoNow);
    }
    return screen.toString(StandardCharsets.UTF_8);
  }
}
