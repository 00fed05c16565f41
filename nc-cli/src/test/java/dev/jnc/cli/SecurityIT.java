package dev.jnc.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What keeps a user of the real {@code bin/jnc} from exposing more than they meant: {@code -e} runs
 * no shell, a listener on every interface says so, and the hex dump is private.
 */
class SecurityIT {

  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir Path dir;

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @Test
  @Timeout(60)
  void shellSyntaxInDashEArrivesLiterally() throws Exception {
    Path marker = dir.resolve("pwned");
    String program =
        "/usr/bin/printf '%s\\n' 'a;b' '$(touch "
            + marker
            + ")' '`id`' a|b $(touch "
            + marker
            + ") ;touch";
    try (ServerSocketChannel server = ServerSocketChannel.open().bind(NoDataLostIT.loopback(0));
        RunningProcess jnc =
            RunningProcess.start(
                Launcher.jnc(
                    "-e", program, "127.0.0.1", Integer.toString(NoDataLostIT.port(server))),
                null,
                null);
        SocketChannel peer = server.accept()) {
      peer.shutdownOutput();
      String got = new String(peer.socket().getInputStream().readAllBytes(), US_ASCII);
      assertThat(got)
          .isEqualTo(
              String.join(
                  "\n",
                  "a;b",
                  "$(touch " + marker + ")",
                  "`id`",
                  "a|b",
                  "$(touch",
                  marker + ")",
                  ";touch",
                  ""));
      assertThat(jnc.waitForExit(BOUND)).isZero();
    }
    assertThat(marker).as("no shell ran the substitution").doesNotExist();
  }

  @ParameterizedTest(name = "jnc {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          -v -l -p 0 -e /bin/cat              | jnc: [any] is every interface: any host that can reach this one can connect and run the -e program (-s 127.0.0.1 to stay local)
          -v -l -p 0                          | jnc: [any] is every interface: any host that can reach this one can connect (-s 127.0.0.1 to stay local)
          -vv -l -p 0                         | jnc: [any] is every interface: any host that can reach this one can connect (-s 127.0.0.1 to stay local)
          -6 -v -l -p 0                       | jnc: [any] is every interface: any host that can reach this one can connect (-s ::1 to stay local)
          -v -l -s 127.0.0.1 -p 0 -e /bin/cat | NONE
          -v -l -s 127.0.0.1 -p 0             | NONE
          """)
  @Timeout(60)
  void aListenerOnEveryInterfaceSaysSo(String args, String note) throws Exception {
    try (RunningProcess jnc =
        RunningProcess.startWithOpenStdin(Launcher.jnc(args.strip().split(" +")), null)) {
      String port = String.valueOf(jnc.awaitListeningPort(BOUND));
      boolean everywhere = !args.contains("-s 127.0.0.1");
      // A client ends the listener, so that every line it will print is there to read.
      InetSocketAddress listener =
          args.contains("-6")
              ? new InetSocketAddress(InetAddress.getByName("::1"), Integer.parseInt(port))
              : NoDataLostIT.loopback(Integer.parseInt(port));
      try (SocketChannel client = SocketChannel.open(listener)) {
        client.shutdownOutput();
        jnc.closeStdin();
        client.socket().getInputStream().readAllBytes();
      }
      jnc.waitForExit(BOUND);
      List<String> lines = jnc.stderrLines();
      assertThat(lines.getFirst())
          .isEqualTo("listening on [" + (everywhere ? "any" : "127.0.0.1") + "] " + port + " ...");
      if (note.equals("NONE")) {
        assertThat(lines).noneMatch(line -> line.contains("every interface"));
      } else {
        assertThat(lines.get(1)).isEqualTo(note);
      }
    }
  }

  @Test
  @Timeout(60)
  void helpAndReadmeWarnAboutDashEOnAListenerReachableByAnyone() throws Exception {
    try (RunningProcess help = RunningProcess.startWithPipes(Launcher.jnc("--help"))) {
      String text = new String(help.stdout().readAllBytes(), US_ASCII);
      assertThat(help.waitForExit(BOUND)).isZero();
      // The layout may wrap the description anywhere: compare with runs of blanks squeezed.
      assertThat(squeeze(text))
          .contains("-e prog")
          .contains("with -l/-L on a public address, anyone who connects runs it");
    }
    assertThat(squeeze(Files.readString(Launcher.ROOT.resolve("README.md"))))
        .contains(
            "**`-e` with `-l`/`-L` on a public address gives a shell (or whatever you run) to"
                + " anyone who can reach the port.**");
  }

  private static String squeeze(String text) {
    return text.replaceAll("\\s+", " ");
  }

  @Test
  @Timeout(60)
  void theHexDumpIsReadableByItsOwnerOnly() throws Exception {
    Path dump = dir.resolve("secret.hex");
    try (ServerSocketChannel server = ServerSocketChannel.open().bind(NoDataLostIT.loopback(0));
        RunningProcess jnc =
            RunningProcess.start(
                Launcher.jnc(
                    "-o",
                    dump.toString(),
                    "127.0.0.1",
                    Integer.toString(NoDataLostIT.port(server))),
                null,
                null);
        SocketChannel peer = server.accept()) {
      peer.write(java.nio.ByteBuffer.wrap("password=hunter2\n".getBytes(US_ASCII)));
      peer.shutdownOutput();
      peer.socket().getInputStream().readAllBytes();
      assertThat(jnc.waitForExit(BOUND)).isZero();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dump)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(dump, US_ASCII)).contains("# password=hunter2");
  }
}
