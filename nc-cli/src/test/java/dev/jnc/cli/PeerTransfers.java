package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.cli.testing.DataFiles;
import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The four byte-exact transfers between jnc and another netcat, one direction at a time, jnc in
 * both roles; the receiving end keeps its stdin open and sends nothing. A peer that stays while its
 * stdin is open (OpenBSD's client, ncat) is let go once all the data is there, by closing its
 * stdin.
 *
 * @param name for messages
 * @param listener the peer listening on 127.0.0.1 and printing a line {@code listening} matches
 * @param listening what the peer prints once it listens; group 1 is the port
 * @param client the peer connecting to 127.0.0.1 and the given port, sending FIN at stdin's end
 * @param sent the data each transfer moves
 * @param sentSha its SHA-256
 */
record PeerTransfers(
    String name,
    Supplier<List<String>> listener,
    Pattern listening,
    Function<String, List<String>> client,
    Path sent,
    String sentSha) {

  private static final Pattern JNC_LISTENING =
      Pattern.compile("listening on \\[any\\] (\\d+) \\.\\.\\.");
  private static final Duration READY_BOUND = Duration.ofSeconds(30);
  private static final Duration RUN_BOUND = Duration.ofSeconds(60);

  void peerListenerSendsToJncClient(Path received) throws Exception {
    try (RunningProcess peer = RunningProcess.start(listener.get(), sent, null)) {
      String port = peer.awaitStderr(listening, READY_BOUND).group(1);
      try (RunningProcess jnc =
          RunningProcess.startWithOpenStdin(Launcher.jnc("127.0.0.1", port), received)) {
        // The peer's FIN with our input still open: a pipe ends the run after a short grace.
        assertThat(jnc.waitForExit(RUN_BOUND)).as("jnc exit status").isZero();
        assertThat(jnc.stderrLines()).isEmpty();
      }
      assertThat(peer.waitForExit(RUN_BOUND)).as(name + " exit status").isZero();
    }
    assertReceivedAll(received);
  }

  /**
   * The download of a file that a listener serves, with nothing to send ({@code < /dev/null}): with
   * {@code --no-shutdown} jnc sends no FIN, at which nc.openbsd and ncat as listeners stop sending
   * (3 of 50 MB, and 8 KB).
   */
  void peerListenerSendsToJncClientWithoutOurFin(Path received) throws Exception {
    try (RunningProcess peer = RunningProcess.start(listener.get(), sent, null)) {
      String port = peer.awaitStderr(listening, READY_BOUND).group(1);
      try (RunningProcess jnc =
          RunningProcess.start(Launcher.jnc("--no-shutdown", "127.0.0.1", port), null, received)) {
        assertThat(jnc.waitForExit(RUN_BOUND)).as("jnc exit status").isZero();
        assertThat(jnc.stderrLines()).isEmpty();
      }
      assertThat(peer.waitForExit(RUN_BOUND)).as(name + " exit status").isZero();
    }
    assertReceivedAll(received);
  }

  void jncClientSendsToPeerListener(Path received) throws Exception {
    try (RunningProcess peer = RunningProcess.startWithOpenStdin(listener.get(), received)) {
      String port = peer.awaitStderr(listening, READY_BOUND).group(1);
      try (RunningProcess jnc = RunningProcess.start(Launcher.jnc("127.0.0.1", port), sent, null)) {
        letGo(peer, received);
        assertThat(jnc.waitForExit(RUN_BOUND)).as("jnc exit status").isZero();
        assertThat(jnc.stderrLines()).isEmpty();
      }
    }
    assertReceivedAll(received);
  }

  void peerClientSendsToJncListener(Path received) throws Exception {
    try (RunningProcess jnc =
        RunningProcess.startWithOpenStdin(Launcher.jnc("-l", "-p", "0", "-v"), received)) {
      String port = jnc.awaitStderr(JNC_LISTENING, READY_BOUND).group(1);
      try (RunningProcess peer = RunningProcess.start(client.apply(port), sent, null)) {
        assertThat(jnc.waitForExit(RUN_BOUND)).as("jnc exit status").isZero();
        assertThat(peer.waitForExit(RUN_BOUND)).as(name + " exit status").isZero();
      }
    }
    assertReceivedAll(received);
  }

  void jncListenerSendsToPeerClient(Path received) throws Exception {
    try (RunningProcess jnc =
        RunningProcess.start(Launcher.jnc("-l", "-p", "0", "-v"), sent, null)) {
      String port = jnc.awaitStderr(JNC_LISTENING, READY_BOUND).group(1);
      try (RunningProcess peer = RunningProcess.startWithOpenStdin(client.apply(port), received)) {
        letGo(peer, received);
        assertThat(jnc.waitForExit(RUN_BOUND)).as("jnc exit status").isZero();
      }
    }
    assertReceivedAll(received);
  }

  /** Waits for all the data at a receiving peer, then ends its input so that it closes. */
  private void letGo(RunningProcess peer, Path received) throws Exception {
    long size = Files.size(sent);
    await("all data at " + name)
        .atMost(RUN_BOUND)
        .until(() -> Files.exists(received) && Files.size(received) == size);
    peer.closeStdin();
    assertThat(peer.waitForExit(RUN_BOUND)).as(name + " exit status").isZero();
  }

  private void assertReceivedAll(Path received) throws Exception {
    assertThat(received).hasSize(Files.size(sent));
    assertThat(DataFiles.sha256(received)).isEqualTo(sentSha);
  }
}
