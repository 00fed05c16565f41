package dev.jnc.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.core.testing.EngineCheck;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The warm-up thread runs the work handed to it, ends by itself and leaves nothing open ({@link
 * EngineCheck} checks the sockets and selectors after the test).
 */
@ExtendWith(EngineCheck.class)
class NetworkWarmUpTest {

  @Test
  void theWarmUpEndsAndClosesWhatItOpened() {
    AtomicReference<String> ranOn = new AtomicReference<>();

    NetworkWarmUp.startInBackground(() -> ranOn.set(Thread.currentThread().getName()));

    await("the jnc-warm-up thread to end")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().equals("jnc-warm-up")));
    assertThat(ranOn.get())
        .as("the thread the work after the warm-up ran on")
        .isEqualTo("jnc-warm-up");
  }
}
