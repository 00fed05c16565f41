package dev.jnc.core;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.Direction;
import dev.jnc.core.options.NcOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --no-shutdown}: the end of our input sends no FIN, as nc 1.10 and OpenBSD's nc without
 * {@code -N}; the peer ends the connection. A listener that serves a file and stops at a FIN
 * (nc.openbsd -l, ncat -l) then sends all of it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NoShutdownTest {

  @Test
  void ourInputEndsWithoutAFinAndThePeersCloseEndsTheRunWithEverythingReceived() throws Exception {
    byte[] file = new byte[1 << 20];
    new SplittableRandom(6).nextBytes(file);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 5, loopback);
        EngineRun run =
            EngineRun.start(
                NcOptions.builder()
                    .host(loopback.getHostAddress())
                    .port(server.getLocalPort())
                    .noShutdown(true)
                    .build());
        Socket peer = server.accept()) {
      run.type("hello\n".getBytes(US_ASCII));
      run.endInput();
      InputStream fromUs = peer.getInputStream();
      assertThat(fromUs.readNBytes(6)).isEqualTo("hello\n".getBytes(US_ASCII));
      // A window to see what follows our line: with a FIN, read() returns -1 at once.
      peer.setSoTimeout(300);
      assertThatThrownBy(fromUs::read).isInstanceOf(SocketTimeoutException.class);

      OutputStream toUs = peer.getOutputStream();
      toUs.write(file);
      peer.close();
      assertThat(run.readOutput(file.length)).isEqualTo(file);
      assertThat(run.awaitResult()).isTrue();
      assertThat(run.events(NcEvent.HalfClosed.class))
          .noneMatch(closed -> closed.direction() == Direction.OUTBOUND);
    }
  }
}
