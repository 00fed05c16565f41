package dev.jnc.lab.observe;

import static dev.jnc.lab.observe.TcpState.LISTEN;
import static dev.jnc.lab.observe.TcpState.SYN_RECEIVED;
import static dev.jnc.lab.observe.TcpState.SYN_SENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceLineParserTest {

  private static List<String> fixture() throws IOException {
    try (InputStream in = TraceLineParserTest.class.getResourceAsStream("trace-pipe-fields.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    }
  }

  @Test
  void readsEveryIpv4TransitionOfARecordedConnectionAndSkipsIpv6OnlySockets() throws IOException {
    List<TraceEvent> events =
        fixture().stream().map(TraceLineParser::parse).flatMap(Optional::stream).toList();

    assertThat(events)
        .extracting(e -> e.from() + "->" + e.to())
        .containsExactly(
            "CLOSED->LISTEN",
            "CLOSED->SYN_SENT",
            "SYN_SENT->ESTABLISHED",
            "LISTEN->SYN_RECEIVED",
            "SYN_RECEIVED->ESTABLISHED",
            "ESTABLISHED->FIN_WAIT_1",
            "ESTABLISHED->CLOSE_WAIT",
            "CLOSE_WAIT->LAST_ACK",
            "FIN_WAIT_1->FIN_WAIT_2",
            "FIN_WAIT_2->CLOSED",
            "LAST_ACK->CLOSED",
            "LISTEN->CLOSED");
    assertThat(events).isSortedAccordingTo(java.util.Comparator.comparingLong(TraceEvent::nanos));
  }

  @Test
  void aConnectIsTracedBeforeItHasAPortAndItsSocketAddressTiesItToTheLaterEvents()
      throws IOException {
    List<TraceEvent> events =
        fixture().stream().map(TraceLineParser::parse).flatMap(Optional::stream).toList();
    TraceEvent synSent = events.get(1);
    TraceEvent established = events.get(2);

    assertThat(synSent.to()).isEqualTo(SYN_SENT);
    assertThat(synSent.tupleKnown()).isFalse();
    assertThat(synSent.remote()).isEqualTo(new InetSocketAddress("127.0.0.1", 7777));
    assertThat(established.skaddr()).isEqualTo(synSent.skaddr());
    assertThat(established.local()).isEqualTo(new InetSocketAddress("127.0.0.1", 40172));
    assertThat(established.tupleKnown()).isTrue();
  }

  @Test
  void readsTheTimestampOnTheMonotonicClockInNanoseconds() {
    String line =
        "            java-2186    [001] ..s2.  2591.796157: inet_sock_set_state:"
            + " skaddr=0xffff88818e0365c0 (-131384961981184) oldstate=0xa (10) newstate=0x3 (3)"
            + " sport=0x1e61 (7777) dport=0x9cec (40172) family=0x2 (2) protocol=0x6 (6)"
            + " saddr=0x100007f (16777343) daddr=0x100007f (16777343) saddr_v6=<INVALID-SIZE>"
            + " daddr_v6=<INVALID-SIZE>";

    TraceEvent event = TraceLineParser.parse(line).orElseThrow();

    assertThat(event.nanos()).isEqualTo(2_591_796_157_000L);
    assertThat(event.skaddr()).isEqualTo(0xffff88818e0365c0L);
    assertThat(event.from()).isEqualTo(LISTEN);
    assertThat(event.to()).isEqualTo(SYN_RECEIVED);
    assertThat(event.local()).isEqualTo(new InetSocketAddress("127.0.0.1", 7777));
    assertThat(event.remote()).isEqualTo(new InetSocketAddress("127.0.0.1", 40172));
  }

  @Test
  void recognisesMarkersAndNothingElseAsMarkers() throws IOException {
    List<String> lines = fixture();

    assertThat(lines.stream().filter(TraceLineParser::isMarker)).hasSize(1);
    assertThat(TraceLineParser.isMarker(lines.getLast())).isTrue();
    assertThat(
            TraceLineParser.isMarker("  bash-1 [000] ...1. 1.000001: tracing_mark_write: lab-sync"))
        .isTrue();
    assertThat(TraceLineParser.parse(lines.getLast())).isEmpty();
  }
}
