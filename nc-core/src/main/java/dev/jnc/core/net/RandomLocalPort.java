package dev.jnc.core.net;

import java.util.random.RandomGenerator;

/**
 * {@code -r} without {@code -p}: a random local port for each outgoing socket, above the privileged
 * range. A port already in use is simply drawn again by the caller.
 */
public final class RandomLocalPort {

  /** How many draws a caller makes before giving up on a busy port range. */
  public static final int ATTEMPTS = 16;

  private static final int LOW = 1024;
  private static final int HIGH = 65535;

  private final RandomGenerator random;

  public RandomLocalPort(RandomGenerator random) {
    this.random = random;
  }

  public int next() {
    return random.nextInt(LOW, HIGH + 1);
  }
}
