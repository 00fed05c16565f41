package dev.jnc.core.scan;

import dev.jnc.core.options.PortRange;
import java.util.BitSet;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The order in which a scan or a connect to several ports visits them: as the arguments name them,
 * or shuffled for {@code -r} (every port of the ranges exactly once).
 */
public final class PortOrder {

  private PortOrder() {}

  /** Low to high. */
  public static int[] ascending(List<PortRange> ranges) {
    BitSet ports = new BitSet(PortRange.MAX_PORT + 1);
    for (PortRange range : ranges) {
      ports.set(range.low(), range.high() + 1);
    }
    return ports.stream().toArray();
  }

  /** In the order the arguments name them, each range low to high, repeats kept, as nc does. */
  public static int[] asGiven(List<PortRange> ranges) {
    int count = 0;
    for (PortRange range : ranges) {
      count += range.size();
    }
    int[] ports = new int[count];
    int next = 0;
    for (PortRange range : ranges) {
      for (int port = range.low(); port <= range.high(); port++) {
        ports[next++] = port;
      }
    }
    return ports;
  }

  /** A uniformly random permutation (Fisher-Yates) of {@link #ascending}. */
  public static int[] shuffled(List<PortRange> ranges, RandomGenerator random) {
    int[] ports = ascending(ranges);
    for (int i = ports.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = ports[i];
      ports[i] = ports[j];
      ports[j] = swap;
    }
    return ports;
  }
}
