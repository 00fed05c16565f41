package dev.jnc.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.DataFiles;
import dev.jnc.cli.testing.Launcher;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jnc against OpenBSD netcat ({@code nc.openbsd}, Debian 1.219), each in either role, one direction
 * at a time: 64 MiB of random data each way, compared by SHA-256.
 *
 * <p>One direction at a time because an OpenBSD listener stops sending when the peer's FIN arrives:
 * with both ends sending a file, it drops the unsent rest of its stdin once jnc has sent its FIN
 * (checked on this machine with a plain socket client too). So the receiving end keeps its stdin
 * open and sends nothing. OpenBSD nc needs {@code -N} to send its FIN at stdin EOF. The transfers
 * themselves are {@link PeerTransfers}.
 */
class OpenBsdInteropIT {

  private static final long SIZE = 64L * 1024 * 1024;

  /** One random file for the whole class: the four transfers read it, none writes it. */
  @TempDir static Path shared;

  private static PeerTransfers transfers;

  @TempDir Path dir;

  @BeforeAll
  static void buildAndWriteData() throws Exception {
    assumeTrue(Launcher.installed("nc.openbsd"), "nc.openbsd (netcat-openbsd) is installed");
    Launcher.ensureBuilt();
    Path sent = shared.resolve("sent");
    transfers =
        new PeerTransfers(
            "nc.openbsd",
            // Port 0: with -v it prints the port it got.
            () -> Launcher.command("nc.openbsd", "-v", "-n", "-N", "-l", "127.0.0.1", "0"),
            Pattern.compile("Listening on 127\\.0\\.0\\.1 (\\d+)"),
            port -> Launcher.command("nc.openbsd", "-N", "127.0.0.1", port),
            sent,
            DataFiles.writeRandom(sent, 7, SIZE));
  }

  @Test
  @Timeout(120)
  void openBsdListenerSendsToJncClient() throws Exception {
    transfers.peerListenerSendsToJncClient(dir.resolve("received"));
  }

  @Test
  @Timeout(120)
  void openBsdListenerSendsToJncClientWithNothingToSendAndNoFin() throws Exception {
    transfers.peerListenerSendsToJncClientWithoutOurFin(dir.resolve("received"));
  }

  @Test
  @Timeout(120)
  void jncClientSendsToOpenBsdListener() throws Exception {
    transfers.jncClientSendsToPeerListener(dir.resolve("received"));
  }

  @Test
  @Timeout(120)
  void openBsdClientSendsToJncListener() throws Exception {
    transfers.peerClientSendsToJncListener(dir.resolve("received"));
  }

  @Test
  @Timeout(120)
  void jncListenerSendsToOpenBsdClient() throws Exception {
    transfers.jncListenerSendsToPeerClient(dir.resolve("received"));
  }
}
