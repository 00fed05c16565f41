package dev.jnc.cli;

import java.util.List;

/**
 * {@code -g gateway} and {@code -G pointer}: IPv4 loose source routing. The values are checked with
 * nc 1.10's rules and words, so a script that nc 1.10 rejects is rejected the same way; a valid
 * request is then refused, because Java has no way to set the {@code IP_OPTIONS} socket option (and
 * Linux drops source-routed packets by default anyway).
 */
final class SourceRouting {

  /** The hops nc 1.10 documents ("up to 8"); its code lets a ninth through, which we do not. */
  static final int MAX_HOPS = 8;

  static final String UNSUPPORTED =
      "source routing (-g, -G) is not available: the JVM cannot set IPv4 source-route options";

  private SourceRouting() {}

  /** nc 1.10's check of {@code -G}: a multiple of 4 from 4 to 28, read as {@code atoi} does. */
  static String pointerError(String text) {
    int x = atoi(text);
    if (x != 0 && x == (x & 0x1c)) {
      return null;
    }
    return "invalid hop pointer " + x + ", must be multiple of 4 <= 28";
  }

  static String hopsError(List<String> gateways) {
    return gateways.size() > MAX_HOPS ? "too many -g hops" : null;
  }

  /** C's {@code atoi}: optional sign and leading digits, 0 when there are none. */
  static int atoi(String text) {
    String s = text.strip();
    int i = 0;
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    long value = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i)) && value <= Integer.MAX_VALUE) {
      value = value * 10 + (s.charAt(i++) - '0');
    }
    value = Math.min(value, Integer.MAX_VALUE);
    return (int) (negative ? -value : value);
  }
}
