package dev.jnc.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@code lab run} prints for each step, as a sentence a student reads. */
class StepTest {

  @Test
  void oneByteIsOneByte() {
    assertThat(new Step.Send("client", 1).describe()).isEqualTo("client sends 1 byte");
    assertThat(new Step.Send("client", 2).describe()).isEqualTo("client sends 2 bytes");
    assertThat(new Step.Receive("server-conn", 1).describe()).isEqualTo("server-conn reads 1 byte");
  }

  @Test
  void aListenerNamesOnlyWhatIsNotTheDefault() {
    assertThat(new Step.Listen("server").describe()).isEqualTo("server listens");
    assertThat(new Step.Listen("server", 50, 4096).describe())
        .isEqualTo("server listens with a 4096-byte receive buffer");
    assertThat(new Step.Listen("server", 1, 0).describe())
        .isEqualTo("server listens with an accept queue of 1");
    assertThat(new Step.Listen("server", 1, 4096).describe())
        .isEqualTo("server listens with an accept queue of 1 and a 4096-byte receive buffer");
  }

  /** A caption cut short ("its client thinks it is in") once shipped in syn-received. */
  @ParameterizedTest
  @MethodSource("dev.jnc.lab.scenario.ScenariosTest#scenarios")
  void noSnapshotCaptionEndsMidSentence(Scenario scenario) {
    assertThat(scenario.steps())
        .filteredOn(Step.Snapshot.class::isInstance)
        .map(step -> ((Step.Snapshot) step).caption())
        .allSatisfy(
            caption ->
                assertThat(caption.substring(caption.lastIndexOf(' ') + 1))
                    .as(caption)
                    .isNotIn("in", "of", "to", "the", "a", "and", "its", "is", "for", "on"));
  }
}
