package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --datagram-size} outside 1-65507, or without {@code -u}, is a usage error, before anything
 * is sent.
 */
@Timeout(30)
class DatagramSizeOptionTest {

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "65508"})
  void refusesASizeNoDatagramCanHave(String size) {
    JncResult result = JncResult.run("-u", "--datagram-size", size, "127.0.0.1", "9");
    assertThat(result.err().getFirst()).isEqualTo("jnc: --datagram-size: must be 1 to 65507");
    assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void isForUdpOnly() {
    JncResult result = JncResult.run("--datagram-size", "1400", "127.0.0.1", "9");
    assertThat(result.err())
        .containsExactly("jnc: --datagram-size cuts UDP datagrams: use it with -u", Jnc.HINT);
    assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
  }
}
