package dev.jnc.core.options;

import java.util.stream.IntStream;

/**
 * An inclusive range of TCP or UDP ports, written {@code n} or {@code m-n} as netcat users type.
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
   * Parses {@code 80}, {@code 20-25}. Service names are resolved by the caller; this takes numbers
   * only.
   *
   * @throws IllegalArgumentException with a message fit for the user
   */
  public static PortRange parse(String text) {
    int dash = text.indexOf('-', 1);
    if (dash < 0) {
      return single(parsePort(text));
    }
    int low = parsePort(text.substring(0, dash));
    int high = parsePort(text.substring(dash + 1));
    if (low > high) {
      throw new IllegalArgumentException("invalid port range " + text);
    }
    return new PortRange(low, high);
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
