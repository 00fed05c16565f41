package dev.jnc.core.tcp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.EngineRun;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.options.NcOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -c}, {@code -t}, {@code -i}, {@code -o} and {@code -q} on the real engine over loopback.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DataPathRelayTest {

  @TempDir Path dir;

  private ServerSocket server;

  @BeforeEach
  void listen() throws Exception {
    server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void stopListening() throws Exception {
    server.close();
  }

  private NcOptions.Builder client() {
    return NcOptions.builder()
        .host(InetAddress.getLoopbackAddress().getHostAddress())
        .port(server.getLocalPort());
  }

  @Test
  void crlfConvertsWhatWeSendEvenWhenCrAndLfArriveApartButNeverWhatWeReceive() throws Exception {
    try (EngineRun run = EngineRun.start(client().crlf(true).build());
        Socket peer = server.accept()) {
      InputStream fromUs = peer.getInputStream();
      // Each write is read alone: the peer's receipt of one is what lets the next go.
      String[][] exchanges = {
        {"abc\n", "abc\r\n"},
        {"def\r", "def\r"},
        {"\nghi\r\n", "\nghi\r\n"},
        {"\n", "\r\n"},
        {"\r", "\r"},
        {"\r", "\r"},
        {"\n\n", "\n\r\n"},
      };
      for (String[] exchange : exchanges) {
        run.type(exchange[0].getBytes(ISO_8859_1));
        assertThat(new String(fromUs.readNBytes(exchange[1].length()), ISO_8859_1))
            .isEqualTo(exchange[1]);
      }
      peer.getOutputStream().write("x\ny\r\nz\n".getBytes(ISO_8859_1));
      assertThat(new String(run.readOutput(7), ISO_8859_1)).isEqualTo("x\ny\r\nz\n");

      run.endInput();
      assertThat(EngineRun.readToEnd(fromUs)).isEmpty();
      peer.close();
      assertThat(run.awaitResult()).isTrue();
    }
  }

  @Test
  void telnetRefusesNegotiationCutAcrossReadsAndPassesEveryByteThrough() throws Exception {
    try (EngineRun run = EngineRun.start(client().telnet(true).build());
        Socket peer = server.accept()) {
      OutputStream toUs = peer.getOutputStream();
      InputStream fromUs = peer.getInputStream();

      toUs.write(bytes(0xff, 0xfd));
      assertThat(run.readOutput(2)).isEqualTo(bytes(0xff, 0xfd));
      toUs.write(bytes(0x01));
      assertThat(run.readOutput(1)).isEqualTo(bytes(0x01));
      assertThat(fromUs.readNBytes(3)).isEqualTo(bytes(0xff, 0xfc, 0x01));

      toUs.write(bytes(0xff, 0xfb, 0x03, 'h', 'i', 0xff, 0xff, 0xff, 0xfe, 0x05));
      assertThat(run.readOutput(10))
          .isEqualTo(bytes(0xff, 0xfb, 0x03, 'h', 'i', 0xff, 0xff, 0xff, 0xfe, 0x05));
      assertThat(fromUs.readNBytes(6)).isEqualTo(bytes(0xff, 0xfe, 0x03, 0xff, 0xfc, 0x05));

      run.endInput();
      assertThat(EngineRun.readToEnd(fromUs)).isEmpty();
      peer.close();
      assertThat(run.awaitResult()).isTrue();
    }
  }

  @Test
  void intervalSendsOneLinePerWriteAndPausesBetweenLines() throws Exception {
    Duration interval = Duration.ofMillis(200);
    try (EngineRun run = EngineRun.start(client().interval(interval).build());
        Socket peer = server.accept()) {
      run.type("one\ntwo\nthree\n".getBytes(ISO_8859_1));
      run.endInput();
      InputStream fromUs = peer.getInputStream();
      List<Long> arrivals = new ArrayList<>();
      for (String line : List.of("one\n", "two\n", "three\n")) {
        assertThat(new String(fromUs.readNBytes(line.length()), ISO_8859_1)).isEqualTo(line);
        arrivals.add(System.nanoTime());
      }
      assertThat(EngineRun.readToEnd(fromUs)).isEmpty();
      peer.close();
      assertThat(run.awaitResult()).isTrue();

      // Tolerance for scheduling: the lower bound is what -i promises.
      long tolerance = Duration.ofMillis(40).toNanos();
      assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThan(interval.toNanos() - tolerance);
      assertThat(arrivals.get(2) - arrivals.get(1)).isGreaterThan(interval.toNanos() - tolerance);
      assertThat(run.events(NcEvent.BytesOut.class))
          .extracting(NcEvent.BytesOut::count)
          .containsExactly(4, 4, 6);
    }
  }

  @Test
  void hexDumpRecordsEachChunkWithItsDirectionAndOffset() throws Exception {
    Path dump = dir.resolve("traffic.hex");
    try (EngineRun run = EngineRun.start(client().hexDumpFile(dump).build());
        Socket peer = server.accept()) {
      OutputStream toUs = peer.getOutputStream();
      InputStream fromUs = peer.getInputStream();

      toUs.write("hello".getBytes(ISO_8859_1));
      run.readOutput(5);
      run.type("GET / HTTP/1.0\r\n\r\n".getBytes(ISO_8859_1));
      fromUs.readNBytes(18);
      toUs.write("0123456789abcdef\0\u007f\u0080\u00ff".getBytes(ISO_8859_1));
      run.readOutput(20);
      run.endInput();
      assertThat(EngineRun.readToEnd(fromUs)).isEmpty();
      peer.close();
      assertThat(run.awaitResult()).isTrue();
    }
    assertThat(Files.readString(dump, ISO_8859_1))
        .isEqualTo(
            """
            < 00000000 68 65 6c 6c 6f                                  # hello
            > 00000000 47 45 54 20 2f 20 48 54 54 50 2f 31 2e 30 0d 0a # GET / HTTP/1.0..
            > 00000010 0d 0a                                           # ..
            < 00000005 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66 # 0123456789abcdef
            < 00000015 00 7f 80 ff                                     # ....
            """);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dump)))
        .isEqualTo("rw-------");
  }

  @Test
  void quitAfterEofEndsTheRunWhileThePeerKeepsTheConnectionOpen() throws Exception {
    try (EngineRun run = EngineRun.start(client().quitAfterEof(Duration.ofMillis(300)).build());
        Socket peer = server.accept()) {
      run.type("bye\n".getBytes(ISO_8859_1));
      run.endInput();
      // Our FIN follows the data; the peer never closes, and -q ends the run anyway.
      assertThat(new String(EngineRun.readToEnd(peer.getInputStream()), ISO_8859_1))
          .isEqualTo("bye\n");
      assertThat(run.awaitResult()).isTrue();
      assertThat(run.events(NcEvent.Closed.class))
          .extracting(NcEvent.Closed::reason)
          .containsExactly(NcEvent.CloseReason.COMPLETE);
    }
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
