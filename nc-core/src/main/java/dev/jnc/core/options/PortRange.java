package dev.jnc.core.options;

import java.util.stream.IntStream;

/**
 * An inclusive range of TCP or UDP ports, {@code low} to {@code high}, as netcat users type them:
 * {@code n} or {@code m-n} (read by {@link dev.jnc.core.net.PortSpec}).
 */
public record PortRange(int low, int high) {

  public static final int MIN_PORT = 1;
  public static final int MAX_PORT = 65535;

  public PortRange {
    checkPort(low);
    checkPort(high);
    if (low > high) {
      throw new IllegalArgumentException("invalid port range " + low + "-" + high);
    }
  }

  public static PortRange single(int port) {
    return new PortRange(port, port);
  }

  /**
   * The ports between two ends given in either order: {@code 25-20} is {@code 20-25}, as OpenBSD's
   * nc reads it (nc 1.10 probes only the first port of such a range).
   */
  public static PortRange between(int oneEnd, int otherEnd) {
    return new PortRange(Math.min(oneEnd, otherEnd), Math.max(oneEnd, otherEnd));
  }

  /**
   * Parses one port number from 1 to 65535.
   *
   * @throws IllegalArgumentException with a message fit for the user
   */
  public static int parsePort(String text) {
    int port;
    try {
      port = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port " + text);
    }
    if (port < MIN_PORT || port > MAX_PORT) {
      throw new IllegalArgumentException("invalid port " + text + ": must be 1-65535");
    }
    return port;
  }

  private static void checkPort(int port) {
    if (port < MIN_PORT || port > MAX_PORT) {
      throw new IllegalArgumentException("invalid port " + port + ": must be 1-65535");
    }
  }

  public int size() {
    return high - low + 1;
  }

  public boolean isSingle() {
    return low == high;
  }

  public IntStream ports() {
    return IntStream.rangeClosed(low, high);
  }

  @Override
  public String toString() {
    return isSingle() ? Integer.toString(low) : low + "-" + high;
  }
}
