package dev.jnc.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.options.PortRange;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PortOrderTest {

  private static final List<PortRange> RANGES =
      List.of(new PortRange(20, 25), PortRange.single(80), new PortRange(24, 30));

  @Test
  void ascendingVisitsEveryPortOnceLowToHigh() {
    assertThat(PortOrder.ascending(RANGES))
        .containsExactly(
            IntStream.concat(IntStream.rangeClosed(20, 30), IntStream.of(80)).toArray());
  }

  @Test
  void shuffledVisitsEveryPortExactlyOnce() {
    int[] expected = PortOrder.ascending(RANGES);
    for (long seed = 0; seed < 50; seed++) {
      int[] shuffled = PortOrder.shuffled(RANGES, new SplittableRandom(seed));
      assertThat(shuffled).containsExactlyInAnyOrder(expected);
    }
  }

  @Test
  void shuffledIsNotAlwaysAscending() {
    int[] ascending = PortOrder.ascending(List.of(new PortRange(1000, 1099)));
    long reordered =
        IntStream.range(0, 20)
            .filter(
                seed ->
                    !Arrays.equals(
                        PortOrder.shuffled(
                            List.of(new PortRange(1000, 1099)), new SplittableRandom(seed)),
                        ascending))
            .count();
    assertThat(reordered).isEqualTo(20);
  }

  @Test
  void wholePortSpaceShuffledIsAPermutation() {
    int[] all = PortOrder.shuffled(List.of(new PortRange(1, 65535)), new SplittableRandom(7));
    int[] sorted = all.clone();
    Arrays.sort(sorted);
    assertThat(sorted).isEqualTo(IntStream.rangeClosed(1, 65535).toArray());
  }
}
