package dev.jnc.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real JVM whose thread dies of something nobody caught: one line, the status asked for. */
class LastResortTest {

  /** A process whose second thread dies while main waits on it for ever. */
  public static final class DyingThread {
    public static void main(String[] args) throws InterruptedException {
      LastResort.install("probe", System.err, 7);
      Thread.ofPlatform()
          .start(
              () -> {
                throw new IllegalStateException("the thread gave up");
              });
      new CountDownLatch(1).await();
    }
  }

  /** A process whose two threads die at once, as two short of the same memory do. */
  public static final class TwoDyingThreads {
    public static void main(String[] args) throws InterruptedException {
      LastResort.install("probe", System.err, 7);
      CountDownLatch ready = new CountDownLatch(2);
      for (int i = 0; i < 2; i++) {
        Thread.ofPlatform()
            .start(
                () -> {
                  ready.countDown();
                  try {
                    ready.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  throw new IllegalStateException("out of room");
                });
      }
      new CountDownLatch(1).await();
    }
  }

  /** A process whose main thread dies of an error without a message. */
  public static final class DyingMain {
    public static void main(String[] args) {
      LastResort.install("probe", System.err, 7);
      throw new StackOverflowError();
    }
  }

  @Test
  @Timeout(60)
  void aThreadThatDiesEndsTheProcessWithOneLine() throws Exception {
    assertThat(run(DyingThread.class)).containsExactly("7", "probe: the thread gave up");
  }

  @Test
  @Timeout(60)
  void twoThreadsThatDieAtOnceAreOneLine() throws Exception {
    assertThat(run(TwoDyingThreads.class)).containsExactly("7", "probe: out of room");
  }

  @Test
  @Timeout(60)
  void anErrorWithoutAMessageIsNamed() throws Exception {
    assertThat(run(DyingMain.class)).containsExactly("7", "probe: java.lang.StackOverflowError");
  }

  /** The exit status, then the lines of stderr. */
  private static List<String> run(Class<?> main) throws IOException, InterruptedException {
    Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                javaBinary.toString(),
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the process ended").isTrue();
    return Stream.concat(Stream.of(Integer.toString(process.exitValue())), stderr.lines()).toList();
  }
}
