package dev.jnc.core.net;

import static org.awaitility.Awaitility.await;

import dev.jnc.core.testing.EngineCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The warm-up thread ends by itself and leaves nothing open ({@link EngineCheck} checks the sockets
 * and selectors after the test).
 */
@ExtendWith(EngineCheck.class)
class NetworkWarmUpTest {

  @Test
  void theWarmUpEndsAndClosesWhatItOpened() {
    NetworkWarmUp.startInBackground();

    await("the jnc-warm-up thread to end")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().equals("jnc-warm-up")));
  }
}
