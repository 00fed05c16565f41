package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.cli.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's chat, in two real pseudo-terminals (tmux panes): {@code jnc -l} in one, {@code jnc
 * 127.0.0.1 PORT} in the other, checking what each screen shows.
 */
@Timeout(120)
class InteractiveChatIT {

  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir Path home;

  private final String socket = "jnc-it-" + UUID.randomUUID();

  @BeforeEach
  void needsTmux() throws Exception {
    Assumptions.assumeTrue(Launcher.installed("tmux"), "tmux is not installed");
    Launcher.ensureBuilt();
  }

  @AfterEach
  void killServer() throws Exception {
    tmux("kill-server");
  }

  @Test
  void aChatBetweenTwoTerminalsLooksRight() throws Exception {
    start("server", Launcher.JNC + " -v -l -p 0");
    Matcher listening =
        awaitScreen("server", Pattern.compile("listening on \\[any\\] (\\d+) \\.\\.\\."));
    start("client", Launcher.JNC + " 127.0.0.1 " + listening.group(1));
    awaitScreen("server", Pattern.compile("connect to \\[127\\.0\\.0\\.1\\] from"));

    awaitLineEditor("client");
    tmux("send-keys", "-t", "client", "-l", "hello from the client");
    tmux("send-keys", "-t", "client", "Enter");
    awaitScreen("server", Pattern.compile("(?m)^hello from the client$"));

    // The server's user is half-way through a line when the client's next line arrives: it goes
    // above, and the half-typed line stays whole on the last line.
    awaitLineEditor("server");
    tmux("send-keys", "-t", "server", "-l", "half typed");
    awaitScreen("server", Pattern.compile("(?m)^half typed$"));
    tmux("send-keys", "-t", "client", "-l", "second line");
    tmux("send-keys", "-t", "client", "Enter");
    awaitScreen("server", Pattern.compile("(?m)^second line\\n+half typed$"));

    tmux("send-keys", "-t", "server", "-l", " and done");
    tmux("send-keys", "-t", "server", "Enter");
    awaitScreen("client", Pattern.compile("(?m)^half typed and done$"));

    // Ctrl-D at the client: FIN to the server, which exits because its peer closed.
    tmux("send-keys", "-t", "client", "C-d");
    awaitScreen("server", Pattern.compile("(?m)^ended (\\d+)$"));
    assertThat(screen("server")).contains("ended 0").doesNotContain("WARNING");
    assertThat(Files.readString(home.resolve(".jnc_history"))).contains("half typed and done");
  }

  @Test
  void ctrlCQuitsAtOnceWith130AndGivesTheTerminalBack() throws Exception {
    start("server", Launcher.JNC + " --no-history -v -l -p 0");
    Matcher listening =
        awaitScreen("server", Pattern.compile("listening on \\[any\\] (\\d+) \\.\\.\\."));
    start("client", Launcher.JNC + " --no-history 127.0.0.1 " + listening.group(1));
    awaitScreen("server", Pattern.compile("connect to \\[127\\.0\\.0\\.1\\] from"));

    awaitLineEditor("client");
    tmux("send-keys", "-t", "client", "-l", "never sent");
    awaitScreen("client", Pattern.compile("(?m)^never sent$"));
    tmux("send-keys", "-t", "client", "C-c");
    awaitScreen("client", Pattern.compile("(?m)^ended 130$"));
    // The server sees the connection end without the half-typed line.
    awaitScreen("server", Pattern.compile("(?m)^ended 0$"));
    assertThat(screen("server")).doesNotContain("never sent");
    assertThat(home.resolve(".jnc_history")).doesNotExist();
    // Echo is back on in the client's terminal: what is typed now shows.
    tmux("send-keys", "-t", "client", "-l", "after exit");
    awaitScreen("client", Pattern.compile("after exit"));
  }

  /** A detached tmux session running {@code command}, which prints its exit status at the end. */
  private void start(String session, String command) throws Exception {
    tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "100",
        "-y",
        "20",
        "-e",
        "HOME=" + home,
        // The trap keeps this shell alive through Ctrl-C (the whole foreground group gets SIGINT)
        // without making jnc ignore it: a handler, unlike an ignored signal, is not inherited.
        "sh -c 'trap : INT; " + command + "; echo ended $?; sleep 600'");
  }

  /**
   * Waits until JLine reads the pane's terminal (it is then out of canonical mode): keys typed
   * before that are echoed by the kernel and then drawn again by the editor.
   */
  private void awaitLineEditor(String session) throws Exception {
    String tty = tmux("display-message", "-p", "-t", session, "#{pane_tty}").strip();
    await(session + " in raw mode")
        .atMost(BOUND)
        .until(() -> run("stty", "-F", tty, "-a").contains("-icanon"));
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  private Matcher awaitScreen(String session, Pattern pattern) throws Exception {
    Matcher[] found = new Matcher[1];
    try {
      await(session + " shows " + pattern)
          .atMost(BOUND)
          .until(
              () -> {
                Matcher m = pattern.matcher(screen(session));
                if (m.find()) {
                  found[0] = m;
                  return true;
                }
                return false;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "; the screen:\n" + screen(session), e);
    }
    return found[0];
  }

  private String screen(String session) throws Exception {
    return tmux("capture-pane", "-p", "-t", session).strip();
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new));
  }
}
