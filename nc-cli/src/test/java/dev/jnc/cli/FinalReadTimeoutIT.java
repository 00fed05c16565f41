package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -w} after stdin EOF bounds the final network reads once: w, where nc 1.10 waits 2w (its
 * select times out once, then it reads again with the same timer).
 */
class FinalReadTimeoutIT {

  private static final Duration RUN_BOUND = Duration.ofSeconds(30);

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  /**
   * A peer that takes our FIN and then neither answers nor closes: the time from that FIN to the
   * process's exit is about 1 s for {@code -w 1}. The bounds leave 0.9 s of slack for a loaded
   * machine, far from the 2 s of a doubled timeout.
   */
  @Test
  @Timeout(60)
  void silentPeerAfterOurEofEndsTheRunAfterWNotTwiceW() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout((int) RUN_BOUND.toMillis());
      try (RunningProcess jnc =
          RunningProcess.start(
              Launcher.jnc("-w", "1", "127.0.0.1", Integer.toString(server.getLocalPort())),
              null,
              null)) {
        try (Socket peer = server.accept()) {
          assertThat(peer.getInputStream().read()).as("our FIN: stdin was empty").isEqualTo(-1);
          long fin = System.nanoTime();
          int exit = jnc.waitForExit(RUN_BOUND);
          Duration waited = Duration.ofNanos(System.nanoTime() - fin);

          assertThat(exit).isZero();
          assertThat(jnc.stderrLines()).isEmpty();
          assertThat(waited).isBetween(Duration.ofMillis(800), Duration.ofMillis(1900));
        }
      }
    }
  }
}
