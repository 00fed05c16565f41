package dev.jnc.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code -w}, {@code -i}: seconds, fractions allowed, greater than zero. */
final class SecondsConverter implements ITypeConverter<Duration> {

  /** What {@link #read} gives for every negative number. */
  static final Duration NEGATIVE = Duration.ofSeconds(-1);

  private static final Duration MAX = Duration.ofSeconds(Integer.MAX_VALUE);
  private static final int NANO_DIGITS = 9;

  @Override
  public Duration convert(String value) {
    Duration seconds = read(value);
    if (seconds.isNegative() || seconds.isZero()) {
      throw new TypeConversionException("seconds must be greater than 0: " + value);
    }
    return seconds;
  }

  /**
   * A decimal number of seconds as a duration, digits beyond the nanosecond dropped, or {@link
   * #NEGATIVE} for any number below zero (only its sign matters to us); a user-facing conversion
   * error for more than an int's worth of seconds or for anything but a number.
   */
  static Duration read(String value) {
    String text = value.strip();
    Duration plain = plainSeconds(text, value);
    return plain != null ? plain : anyDecimal(text, value);
  }

  /**
   * Seconds as people write them ({@code 3}, {@code 0.25}, {@code -1}), read without {@link
   * BigDecimal}: on JDK 25 its class initialiser alone computes 5^65536, which took 15-20 ms of a
   * run with the JIT compiler and 60 ms without (measured here). {@code null} for any other form.
   */
  private static Duration plainSeconds(String text, String value) {
    int at = text.startsWith("-") ? 1 : 0;
    int dot = text.indexOf('.');
    int end = dot < 0 ? text.length() : dot;
    int wholeDigits = end - at;
    int fractionDigits = dot < 0 ? 0 : text.length() - dot - 1;
    if (wholeDigits < 1
        || wholeDigits > 18
        || fractionDigits > NANO_DIGITS
        || dot >= 0 && fractionDigits == 0
        || !digits(text, at, end)
        || !digits(text, end + 1, text.length())) {
      return null;
    }
    long nanos = 0;
    for (int i = 0; i < NANO_DIGITS; i++) {
      int digit = end + 1 + i;
      nanos = nanos * 10 + (digit < text.length() ? text.charAt(digit) - '0' : 0);
    }
    Duration seconds = Duration.ofSeconds(Long.parseLong(text, at, end, 10), nanos);
    if (at == 1 && !seconds.isZero()) {
      return NEGATIVE;
    }
    if (seconds.compareTo(MAX) > 0) {
      throw tooMany(value);
    }
    return seconds;
  }

  /** The rest of what {@link BigDecimal} reads: a sign, an exponent, more digits. */
  private static Duration anyDecimal(String text, String value) {
    BigDecimal seconds;
    try {
      seconds = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("invalid number of seconds: " + value);
    }
    if (seconds.signum() < 0) {
      return NEGATIVE;
    }
    if (seconds.compareTo(BigDecimal.valueOf(MAX.getSeconds())) > 0) {
      throw tooMany(value);
    }
    return Duration.ofNanos(seconds.movePointRight(NANO_DIGITS).longValue());
  }

  private static TypeConversionException tooMany(String value) {
    return new TypeConversionException("too many seconds: " + value);
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
