package dev.jnc.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.Launcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-path options of the real {@code bin/jnc}, side by side with nc.traditional where it has
 * the same option: the {@code -o} file and the {@code -t} replies must be the same bytes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DataOptionsProcessTest {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path JNC = ROOT.resolve("bin/jnc");
  private static final Path TRADITIONAL = Path.of("/usr/bin/nc.traditional");
  private static final Path OPENBSD = Path.of("/usr/bin/nc.openbsd");
  private static final Path NCAT = Path.of("/usr/bin/ncat");
  private static final String LOOPBACK = InetAddress.getLoopbackAddress().getHostAddress();

  @TempDir Path dir;

  /** A build the launcher finds stale happens here, not inside a test's 60 s. */
  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @Test
  void hexDumpIsByteForByteTheSameAsNetcatTraditional() throws Exception {
    assumeTrue(Files.isExecutable(TRADITIONAL), "netcat-traditional is installed");
    Path ours = dir.resolve("jnc.hex");
    Path theirs = dir.resolve("trad.hex");

    exchangeWithDump(List.of(JNC.toString()), ours);
    exchangeWithDump(List.of(TRADITIONAL.toString()), theirs);

    assertThat(Files.readString(ours, ISO_8859_1)).isEqualTo(Files.readString(theirs, ISO_8859_1));
    assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(theirs));
    assertThat(Files.readAllLines(ours, ISO_8859_1)).hasSize(9);
  }

  /**
   * One chunk at a time, each sent only once the other side has it, so that both tools see the same
   * reads and writes: the dump's lines follow them.
   */
  private void exchangeWithDump(List<String> tool, Path dump) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      List<String> command = new ArrayList<>(tool);
      command.addAll(List.of("-o", dump.toString(), LOOPBACK, "" + server.getLocalPort()));
      Process process = start(command);
      try (Socket peer = server.accept()) {
        OutputStream toTool = peer.getOutputStream();
        InputStream fromTool = peer.getInputStream();
        OutputStream stdin = process.getOutputStream();
        InputStream stdout = process.getInputStream();

        toTool.write(latin1("HTTP/1.0 200 OK\r\n\r\nHello, world!\n\0\u007f\u0080\u00ff"));
        assertThat(stdout.readNBytes(37)).hasSize(37);
        stdin.write(latin1("GET / HTTP/1.0\r\n\r\n\0\1\u00fe\u00ff"));
        stdin.flush();
        assertThat(fromTool.readNBytes(22)).hasSize(22);
        toTool.write(latin1("short"));
        assertThat(stdout.readNBytes(5)).hasSize(5);
        stdin.write(latin1("exactly sixteen!"));
        stdin.flush();
        assertThat(fromTool.readNBytes(16)).hasSize(16);
        toTool.write(latin1("\t tab and spaces \t"));
        assertThat(stdout.readNBytes(18)).hasSize(18);
      }
      process.getOutputStream().close();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("tool exits").isTrue();
    }
  }

  @Test
  void telnetRepliesAreTheSameAsNetcatTraditional() throws Exception {
    assumeTrue(Files.isExecutable(TRADITIONAL), "netcat-traditional is installed");
    byte[] negotiation = bytes(0xff, 0xfd, 0x01, 0xff, 0xfb, 0x03, 'h', 'i', 0xff, 0xfe, 0x05);
    byte[] expected = bytes(0xff, 0xfc, 0x01, 0xff, 0xfe, 0x03, 0xff, 0xfc, 0x05);

    byte[] ours = telnetReplies(JNC.toString(), negotiation, expected.length);
    byte[] theirs = telnetReplies(TRADITIONAL.toString(), negotiation, expected.length);

    assertThat(ours).isEqualTo(theirs).isEqualTo(expected);
  }

  @Test
  void telnetRepliesAreTheSameAsOpenBsdNetcats() throws Exception {
    assumeTrue(Files.isExecutable(OPENBSD), "netcat-openbsd is installed");
    byte[] negotiation = bytes(0xff, 0xfd, 0x01, 0xff, 0xfb, 0x03, 'h', 'i', 0xff, 0xfe, 0x05);
    byte[] expected = bytes(0xff, 0xfc, 0x01, 0xff, 0xfe, 0x03, 0xff, 0xfc, 0x05);

    assertThat(telnetReplies(OPENBSD.toString(), negotiation, expected.length))
        .isEqualTo(telnetReplies(JNC.toString(), negotiation, expected.length))
        .isEqualTo(expected);
  }

  /** ncat answers DO and WILL as the netcats do, and leaves DONT unanswered (we answer WONT). */
  @Test
  void telnetRepliesToDoAndWillAreTheSameAsNcats() throws Exception {
    assumeTrue(Files.isExecutable(NCAT), "ncat is installed");
    byte[] negotiation = bytes(0xff, 0xfd, 0x01, 0xff, 0xfb, 0x03, 'h', 'i');
    byte[] expected = bytes(0xff, 0xfc, 0x01, 0xff, 0xfe, 0x03);

    assertThat(telnetReplies(NCAT.toString(), negotiation, expected.length))
        .isEqualTo(telnetReplies(JNC.toString(), negotiation, expected.length))
        .isEqualTo(expected);
  }

  private byte[] telnetReplies(String tool, byte[] negotiation, int length) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Process process = start(List.of(tool, "-t", LOOPBACK, "" + server.getLocalPort()));
      try (Socket peer = server.accept()) {
        peer.getOutputStream().write(negotiation);
        byte[] replies = peer.getInputStream().readNBytes(length);
        // Both pass the negotiation through to stdout unchanged.
        assertThat(process.getInputStream().readNBytes(negotiation.length)).isEqualTo(negotiation);
        return replies;
      } finally {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroy();
        }
      }
    }
  }

  @Test
  void exitsWithTheProgramsStatusAfterSendingItsOutput() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Process process =
          start(
              List.of(
                  JNC.toString(),
                  "-e",
                  "/bin/sh -c 'echo \"it is done\"; exit 7'",
                  LOOPBACK,
                  "" + server.getLocalPort()));
      try (Socket peer = server.accept()) {
        peer.shutdownOutput();
        assertThat(new String(peer.getInputStream().readAllBytes(), ISO_8859_1))
            .isEqualTo("it is done\n");
      }
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(7);
      assertThat(stderr(process)).isEmpty();
    }
  }

  @Test
  void udpExecTalksInDatagramsAndExitsWithTheProgramsStatus() throws Exception {
    try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      peer.setSoTimeout(20_000);
      Process process =
          start(
              List.of(
                  JNC.toString(),
                  "-u",
                  "-e",
                  "/bin/sh -c 'echo ready; read line; echo \"got $line\"; exit 7'",
                  LOOPBACK,
                  "" + peer.getLocalPort()));
      DatagramPacket ready = new DatagramPacket(new byte[100], 100);
      peer.receive(ready);
      assertThat(new String(ready.getData(), 0, ready.getLength(), ISO_8859_1))
          .isEqualTo("ready\n");
      peer.send(new DatagramPacket(latin1("udp\n"), 4, ready.getSocketAddress()));
      DatagramPacket got = new DatagramPacket(new byte[100], 100);
      peer.receive(got);
      assertThat(new String(got.getData(), 0, got.getLength(), ISO_8859_1)).isEqualTo("got udp\n");
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(7);
      assertThat(stderr(process)).isEmpty();
    }
  }

  /** nc 1.10 and ncat search no PATH: a name without a slash is a file in the current folder. */
  @Test
  void aProgramNamedWithoutASlashIsFoundInTheCurrentFolderToo() throws Exception {
    Path program = Files.writeString(dir.resolve("hello-jnc.sh"), "#!/bin/sh\necho hello\n");
    Files.setPosixFilePermissions(
        program, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      Path stderr = Files.createTempFile(dir, "stderr", ".txt");
      Process process =
          new ProcessBuilder(
                  JNC.toString(),
                  "-e",
                  "hello-jnc.sh",
                  LOOPBACK,
                  Integer.toString(server.getLocalPort()))
              .directory(dir.toFile())
              .redirectError(stderr.toFile())
              .start();
      stderrFiles.put(process, stderr);
      try {
        try (Socket peer = server.accept()) {
          assertThat(peer.getInputStream().readAllBytes()).isEqualTo(latin1("hello\n"));
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(stderr(process)).isEmpty();
      } finally {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void aMissingProgramIsAUsageErrorBeforeConnecting() throws Exception {
    assertRefusedBeforeConnecting(
        List.of("-e", dir.resolve("nothing-here").toString()),
        "jnc: cannot run " + dir.resolve("nothing-here") + ": No such file or directory");
  }

  @Test
  void anUnwritableDumpFileIsAUsageErrorBeforeConnecting() throws Exception {
    Path unwritable = dir.resolve("missing-dir/dump.hex");
    assertRefusedBeforeConnecting(
        List.of("-o", unwritable.toString()),
        "jnc: cannot write hex dump to " + unwritable + ": No such file or directory");
  }

  @Test
  void anUnterminatedQuoteInTheProgramIsAUsageError() throws Exception {
    Process process = start(List.of(JNC.toString(), "-e", "sh -c 'oops", LOOPBACK, "9"));
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(ExitCode.USAGE);
    assertThat(stderr(process))
        .containsExactly(
            "jnc: -e: unterminated quote in command: sh -c 'oops",
            "Try 'jnc -h' for more information.");
  }

  private void assertRefusedBeforeConnecting(List<String> options, String error) throws Exception {
    try (ServerSocketChannel server =
        ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      List<String> command = new ArrayList<>(List.of(JNC.toString()));
      command.addAll(options);
      command.addAll(
          List.of(LOOPBACK, "" + ((InetSocketAddress) server.getLocalAddress()).getPort()));
      Process process = start(command);
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(ExitCode.USAGE);
      assertThat(stderr(process)).containsExactly(error, Jnc.HINT);
      server.configureBlocking(false);
      assertThat(server.accept()).as("no connection was made").isNull();
    }
  }

  @Test
  void upperCaseCIsAnAliasAndQuitZeroAndNAreAccepted() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Process process =
          start(
              List.of(JNC.toString(), "-C", "-N", "-q", "0", LOOPBACK, "" + server.getLocalPort()));
      try (Socket peer = server.accept()) {
        process.getOutputStream().write(latin1("a\nb\r\n"));
        process.getOutputStream().close();
        // -q 0: the FIN follows the data and jnc quits without waiting for the peer to close.
        assertThat(new String(peer.getInputStream().readAllBytes(), ISO_8859_1))
            .isEqualTo("a\r\nb\r\n");
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(process.exitValue()).isZero();
      assertThat(stderr(process)).isEmpty();
    }
  }

  private final Map<Process, Path> stderrFiles = new ConcurrentHashMap<>();

  private Process start(List<String> command) throws IOException {
    Path stderr = Files.createTempFile(dir, "stderr", ".txt");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    stderrFiles.put(process, stderr);
    return process;
  }

  /** What an exited process wrote on stderr, without the launcher's one-time build notice. */
  private List<String> stderr(Process process) throws IOException {
    return Files.readAllLines(stderrFiles.get(process)).stream()
        .filter(line -> !line.startsWith("jnc: building"))
        .toList();
  }

  private static byte[] latin1(String s) {
    return s.getBytes(ISO_8859_1);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
