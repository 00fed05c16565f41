package dev.jnc.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code -w}, {@code -i}: seconds, fractions allowed, greater than zero. */
final class SecondsConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    BigDecimal seconds = parse(value);
    if (seconds.signum() <= 0) {
      throw new TypeConversionException("seconds must be greater than 0: " + value);
    }
    return toDuration(seconds, value);
  }

  /** A decimal number of seconds, or a user-facing conversion error. */
  static BigDecimal parse(String value) {
    try {
      return new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("invalid number of seconds: " + value);
    }
  }

  /** {@code seconds} as a duration, refusing more than an int's worth of seconds. */
  static Duration toDuration(BigDecimal seconds, String value) {
    if (seconds.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new TypeConversionException("too many seconds: " + value);
    }
    return Duration.ofNanos(seconds.movePointRight(9).longValue());
  }
}
