package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.OtherUser;
import dev.jnc.cli.testing.RunningProcess;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad environments for the real {@code bin/jnc}: a port already taken, a privileged port without
 * privilege, IPv6 turned off, a program not on the {@code PATH}. Each gives one {@code jnc: } line
 * and the documented exit code. Rows that cannot be arranged here are skipped with the reason.
 */
class BadEnvironmentIT {

  private static final Duration RUN_BOUND = Duration.ofSeconds(30);

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @Test
  @Timeout(60)
  void aPortAlreadyInUse() throws Exception {
    try (ServerSocketChannel taken = ServerSocketChannel.open().bind(NoDataLostIT.loopback(0))) {
      int port = NoDataLostIT.port(taken);
      assertLines(
          Launcher.jnc("-l", "-s", "127.0.0.1", "-p", Integer.toString(port)),
          ExitCode.NETWORK,
          "jnc: cannot listen on 127.0.0.1 port " + port + ": Address already in use");
    }
  }

  @Test
  @Timeout(60)
  void aPrivilegedPortWithoutPrivilege() throws Exception {
    assumeTrue(
        unprivilegedPortStart() > 80,
        "this kernel lets anyone bind port 80 (ip_unprivileged_port_start)");
    List<String> asNobody = OtherUser.commandPrefix(Launcher.JNC);
    List<String> command = concat(asNobody, Launcher.jnc("-l", "-s", "127.0.0.1", "-p", "80"));
    assertLines(
        command, ExitCode.NETWORK, "jnc: cannot listen on 127.0.0.1 port 80: Permission denied");
    // A client's source port, over TCP and UDP alike: UDP said only "Permission denied".
    for (String protocol : List.of("-n", "-u")) {
      assertLines(
          concat(asNobody, Launcher.jnc(protocol, "-p", "80", "127.0.0.1", "9")),
          ExitCode.NETWORK,
          "jnc: cannot bind to port 80: Permission denied");
    }
  }

  /**
   * A JVM that cannot start says so on stderr: its error was written to stdout, into the data, and
   * stderr stayed empty.
   */
  @Test
  @Timeout(60)
  void aJvmThatCannotStartSaysSoOnStderrNotInTheData() throws Exception {
    Path out = Files.createTempFile("jnc-no-jvm", ".out");
    try {
      List<String> command =
          List.of(
              "sh",
              "-c",
              "ulimit -v 400000 && exec \"$0\" \"$@\"",
              Launcher.JNC.toString(),
              "127.0.0.1",
              "9");
      try (RunningProcess jnc = RunningProcess.start(command, null, out)) {
        assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status").isNotZero();
        assertThat(jnc.stderrLines()).contains("Error occurred during initialization of VM");
      }
      assertThat(out).isEmptyFile();
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /**
   * A program in a folder the user may not enter cannot be run, as execve says; it was said not to
   * exist.
   */
  @Test
  @Timeout(60)
  void aProgramInAFolderTheUserCannotEnter() throws Exception {
    Path folder = Files.createTempDirectory("jnc-closed-folder");
    try {
      Path program = Files.writeString(folder.resolve("echo.sh"), "#!/bin/sh\necho hi\n");
      Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("---------"));
      List<String> asOtherUser = OtherUser.commandPrefix(Launcher.JNC);
      assertLines(
          concat(asOtherUser, Launcher.jnc("-e", program.toString(), "127.0.0.1", "9")),
          ExitCode.USAGE,
          "jnc: cannot run " + program + ": Permission denied",
          Jnc.HINT);
    } finally {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
      Files.deleteIfExists(folder.resolve("echo.sh"));
      Files.delete(folder);
    }
  }

  @Test
  @Timeout(90)
  void ipv6TurnedOff() throws Exception {
    assumeTrue(
        Launcher.installed("unshare") && Launcher.installed("sysctl"),
        "needs unshare -n and sysctl to turn IPv6 off in a namespace of our own");
    for (String args : List.of("-l ::1 7000", "-6 -l -p 7000", "-6 -u -l -p 7000", "::1 7000")) {
      String script =
          "ip link set lo up && sysctl -qw net.ipv6.conf.all.disable_ipv6=1"
              + " && sysctl -qw net.ipv6.conf.lo.disable_ipv6=1 && exec "
              + Launcher.JNC
              + " "
              + args;
      List<String> command = List.of("unshare", "-n", "sh", "-c", script);
      Process probe = new ProcessBuilder("unshare", "-n", "true").start();
      assumeTrue(
          probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0, "unshare -n not allowed");
      assertLines(command, ExitCode.NETWORK, "jnc: IPv6 not available");
    }
  }

  /**
   * A closed stdin ({@code <&-}) is no input, as for nc: the JVM's first open file (the JDK's
   * lib/modules) took descriptor 0, and jnc sent its 146 MB to the peer.
   */
  @Test
  @Timeout(60)
  void aClosedStdinSendsNothing() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open().bind(NoDataLostIT.loopback(0))) {
      int port = NoDataLostIT.port(server);
      Path out = Files.createTempFile("jnc-closed-stdin", ".out");
      List<String> command =
          List.of(
              "sh",
              "-c",
              "exec \"$0\" \"$@\" <&-",
              Launcher.JNC.toString(),
              "127.0.0.1",
              Integer.toString(port));
      try (RunningProcess jnc = RunningProcess.start(command, null, out);
          SocketChannel peer = server.accept()) {
        peer.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
        peer.shutdownOutput();
        ByteBuffer received = ByteBuffer.allocate(64 * 1024);
        long total = 0;
        for (int n = 0; n >= 0 && total < received.capacity(); total += Math.max(n, 0)) {
          received.clear();
          n = peer.read(received);
        }

        assertThat(total).as("bytes jnc sent").isZero();
        assertThat(jnc.waitForExit(RUN_BOUND)).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(out)).isEqualTo("hello\n");
      } finally {
        Files.deleteIfExists(out);
      }
    }
  }

  /**
   * {@code -e} reads its program's output through a FIFO in the temporary folder; without a
   * writable one it falls back to the JDK's pipe, and the output still arrives.
   */
  @Test
  @Timeout(60)
  void aProgramRunsWithoutAWritableTemporaryFolder() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open().bind(NoDataLostIT.loopback(0))) {
      List<String> command =
          jncWith(
              "JDK_JAVA_OPTIONS=-Djava.io.tmpdir=/nonexistent/tmp",
              "-e",
              "/bin/echo from the program",
              "127.0.0.1",
              Integer.toString(NoDataLostIT.port(server)));
      try (RunningProcess jnc = RunningProcess.start(command, null, null);
          SocketChannel peer = server.accept()) {
        peer.shutdownOutput();
        assertThat(
                new String(
                    peer.socket().getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
            .isEqualTo("from the program\n");
        assertThat(jnc.waitForExit(RUN_BOUND)).isEqualTo(ExitCode.OK);
      }
    }
  }

  /** The user's collector wins: beside the launcher's own, the JVM refused to start. */
  @Test
  @Timeout(60)
  void aCollectorChosenInJavaToolOptions() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open().bind(NoDataLostIT.loopback(0))) {
      List<String> command =
          jncWith(
              "JAVA_TOOL_OPTIONS=-XX:+UseG1GC",
              "127.0.0.1",
              Integer.toString(NoDataLostIT.port(server)));
      Path received = Files.createTempFile("jnc-collector", ".out");
      try (RunningProcess jnc = RunningProcess.start(command, null, received);
          SocketChannel peer = server.accept()) {
        peer.write(ByteBuffer.wrap("hi\n".getBytes(StandardCharsets.US_ASCII)));
        peer.close();
        assertThat(jnc.waitForExit(RUN_BOUND)).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(received)).isEqualTo("hi\n");
      } finally {
        Files.deleteIfExists(received);
      }
    }
  }

  /**
   * A log the user asks for is the user's: the launchers' own logging options (warnings to stderr,
   * none on stdout) had silenced {@code -Xlog:gc:stderr}.
   */
  @Test
  @Timeout(60)
  void aLogChosenInJavaToolOptionsIsKept() throws Exception {
    try (RunningProcess jnc =
        RunningProcess.start(jncWith("JAVA_TOOL_OPTIONS=-Xlog:gc:stderr", "-h"), null, null)) {
      assertThat(jnc.waitForExit(RUN_BOUND)).isEqualTo(ExitCode.OK);
      assertThat(jnc.stderrLines()).anyMatch(line -> line.contains("[gc] Using "));
    }
  }

  /**
   * Under a process limit ({@code ulimit -u}) a thread of ours that cannot start is one line and
   * exit 1: the JVM printed its stack trace, from the first thread jnc starts (an optional warm-up,
   * now left out) or from the stdin pump. Limits from where the JVM itself cannot start up to where
   * the run has every thread it wants; the JVM's own warnings ({@code [warning][os,thread]}) stay.
   */
  @Test
  @Timeout(120)
  void aThreadThatCannotStartIsOneLineNotAStackTrace() throws Exception {
    assumeTrue(Launcher.installed("bash"), "no bash for ulimit -u");
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "a process limit counts every process of the user: only a user of its own (nobody, from"
            + " root) gives a limit that means the same each run");
    List<String> asNobody = OtherUser.commandPrefix(Launcher.JNC);
    boolean refusedByUs = false;
    boolean ranWhole = false;
    for (int limit = 8; limit <= 24 && !ranWhole; limit++) {
      try (ServerSocketChannel server = ServerSocketChannel.open().bind(NoDataLostIT.loopback(0))) {
        // The peer takes what comes and closes, so that a whole run ends; the server's close ends
        // its wait when jnc never came.
        Thread.ofVirtual().start(() -> takeAllAndClose(server));
        List<String> command = new ArrayList<>(asNobody);
        command.addAll(
            List.of(
                // dash's ulimit has no -u.
                "bash",
                "-c",
                "ulimit -u " + limit + " && echo hello | exec \"$0\" \"$@\"",
                Launcher.JNC.toString(),
                "127.0.0.1",
                Integer.toString(NoDataLostIT.port(server))));
        try (RunningProcess jnc = RunningProcess.start(command, null, null)) {
          int exit = jnc.waitForExit(RUN_BOUND);
          List<String> ours =
              jnc.stderrLines().stream().filter(line -> !line.startsWith("[")).toList();
          // The JVM's own start failed, before a line of ours ran: the VM's threads, or the
          // Java launcher's first opening of a jar (its cleaner thread, where no AOT cache holds
          // the main class).
          if (ours.contains("Error occurred during initialization of VM")
              || ours.contains(
                  "Error: A JNI error has occurred, please check your installation and try again")) {
            continue;
          }
          assertThat(ours).as("stderr under ulimit -u %d", limit).hasSizeLessThanOrEqualTo(1);
          if (exit == ExitCode.OK) {
            ranWhole = true;
          } else {
            assertThat(exit).as("exit under ulimit -u %d", limit).isEqualTo(ExitCode.NETWORK);
            assertThat(ours)
                .as("stderr under ulimit -u %d", limit)
                .singleElement()
                .asString()
                .startsWith("jnc: unable to create native thread");
            refusedByUs = true;
          }
        }
      }
    }
    assertThat(refusedByUs).as("some limit refused one of jnc's threads").isTrue();
    assertThat(ranWhole).as("some limit let the run through").isTrue();
  }

  /** The AOT cache's own log too: the launcher's silencing of it came after the user's and won. */
  @Test
  @Timeout(60)
  void anAotLogChosenInJavaToolOptionsIsKept() throws Exception {
    try (RunningProcess jnc =
        RunningProcess.start(jncWith("JAVA_TOOL_OPTIONS=-Xlog:aot:stderr", "-h"), null, null)) {
      assertThat(jnc.waitForExit(RUN_BOUND)).isEqualTo(ExitCode.OK);
      assertThat(jnc.stderrLines()).anyMatch(line -> line.contains("[info][aot] "));
    }
  }

  @Test
  @Timeout(60)
  void aProgramNotOnThePath() throws Exception {
    // A name without a slash is looked up on PATH, as a shell would, but without one.
    assertLines(
        Launcher.jnc("-e", "no-such-program-on-path", "127.0.0.1", "9"),
        ExitCode.USAGE,
        "jnc: cannot run no-such-program-on-path: No such file or directory",
        Jnc.HINT);
  }

  private static void takeAllAndClose(ServerSocketChannel server) {
    try (SocketChannel peer = server.accept()) {
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      // Bounded by the bytes jnc sends: "hello\n" and its end.
      for (int i = 0; i < 1024 && peer.read(buffer.clear()) >= 0; i++) {}
    } catch (java.io.IOException e) {
      // The test ended, or jnc left: nothing more to take.
    }
  }

  /** {@code bin/jnc args}, started with {@code assignment} (NAME=value) in its environment. */
  private static List<String> jncWith(String assignment, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of("sh", "-c", assignment + " exec \"$0\" \"$@\"", Launcher.JNC.toString()));
    command.addAll(List.of(args));
    return command;
  }

  private static void assertLines(List<String> command, int exit, String... lines)
      throws Exception {
    try (RunningProcess jnc = RunningProcess.start(command, null, null)) {
      assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status of %s", command).isEqualTo(exit);
      assertThat(jnc.stderrLines()).as("stderr of %s", command).containsExactly(lines);
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  private static int unprivilegedPortStart() throws Exception {
    Path setting = Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");
    // readAllLines, not readString: the latter reads only "1" of "1024" from this proc file here.
    return Files.exists(setting)
        ? Integer.parseInt(Files.readAllLines(setting).getFirst().strip())
        : 1024;
  }
}
