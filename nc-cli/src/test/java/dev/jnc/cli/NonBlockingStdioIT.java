package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.cli.testing.DataFiles;
import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.ProcStats;
import dev.jnc.cli.testing.RunningProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A stdin or stdout that comes non-blocking (the flag belongs to the open pipe, which a parent may
 * have set) is waited for, not spun on: while there is nothing to read or no room to write, the
 * thread that reads or writes sleeps in the kernel, and every byte still arrives. {@code perl}
 * (Debian's essential perl-base) sets the flag and execs {@code bin/jnc}.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(120)
class NonBlockingStdioIT {

  private static final Duration RUN_BOUND = Duration.ofSeconds(60);

  /** Long enough that a thread spinning on EAGAIN is seen running at least once. */
  private static final Duration ASLEEP_FOR = Duration.ofMillis(500);

  private static final String SET_NON_BLOCKING =
      "use Fcntl; for my $fh (*STDIN, *STDOUT) {"
          + " fcntl($fh, F_SETFL, fcntl($fh, F_GETFL, 0) | O_NONBLOCK) or die \"fcntl: $!\" }"
          + " exec @ARGV or die \"exec: $!\"";

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @Test
  void aNonBlockingStdinWithNothingInItIsWaitedForAndSentWhole() throws Exception {
    assumeThat(Launcher.installed("perl")).as("perl installed").isTrue();
    byte[] data = DataFiles.random(11, 4 * 1024 * 1024);
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc = RunningProcess.startWithPipes(nonBlocking(client(server)));
        SocketChannel peer = server.accept()) {
      awaitAsleep(jnc.pid(), "jnc-stdin");
      CompletableFuture<byte[]> received =
          DataFiles.readAllInBackground(Channels.newInputStream(peer));
      try (OutputStream stdin = jnc.stdin()) {
        for (int at = 0; at < data.length; at += 64 * 1024) {
          stdin.write(data, at, 64 * 1024);
        }
      }
      assertThat(received.get(RUN_BOUND.toSeconds(), TimeUnit.SECONDS))
          .as("what the peer received")
          .isEqualTo(data);
      peer.close();
      assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status").isZero();
      assertThat(jnc.stderrLines()).isEmpty();
    }
  }

  @Test
  void aNonBlockingStdoutThatIsFullIsWaitedForAndGetsEveryByte() throws Exception {
    assumeThat(Launcher.installed("perl")).as("perl installed").isTrue();
    byte[] data = DataFiles.random(12, 16 * 1024 * 1024);
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc = RunningProcess.startWithPipes(nonBlocking(client(server)));
        SocketChannel peer = server.accept()) {
      jnc.closeStdin();
      CompletableFuture<Void> sent =
          CompletableFuture.runAsync(
              () -> {
                try {
                  peer.write(ByteBuffer.wrap(data));
                  peer.shutdownOutput();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              command -> Thread.ofPlatform().daemon().start(command));
      // Nobody reads jnc's stdout yet: it is full, and the relay (on the JVM's main thread) waits.
      awaitAsleep(jnc.pid(), "java");
      byte[] received =
          DataFiles.readAllInBackground(jnc.stdout()).get(RUN_BOUND.toSeconds(), TimeUnit.SECONDS);
      sent.get(RUN_BOUND.toSeconds(), TimeUnit.SECONDS);
      assertThat(received).as("what jnc wrote to its stdout").isEqualTo(data);
      assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status").isZero();
    }
  }

  /**
   * Waits until the thread named {@code name} of {@code pid} has slept ({@code S} in its {@code
   * stat}) at every look for {@link #ASLEEP_FOR}. A thread that spins is always running or ready
   * ({@code R}).
   */
  private static void awaitAsleep(long pid, String name) {
    await(name + " asleep in the kernel")
        .atMost(RUN_BOUND)
        .pollInterval(Duration.ofMillis(10))
        .during(ASLEEP_FOR)
        .until(() -> ProcStats.threadState(pid, name).filter(state -> state == 'S').isPresent());
  }

  private static List<String> nonBlocking(List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("perl", "-e", SET_NON_BLOCKING, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static List<String> client(ServerSocketChannel server) throws Exception {
    return Launcher.jnc("127.0.0.1", Integer.toString(NoDataLostIT.port(server)));
  }

  private static ServerSocketChannel loopbackServer() throws IOException {
    return ServerSocketChannel.open().bind(NoDataLostIT.loopback(0));
  }
}
