package dev.jnc.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code -w}, {@code -i}, {@code -q}: seconds, fractions allowed, greater than zero. */
final class SecondsConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    BigDecimal seconds;
    try {
      seconds = new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("invalid number of seconds: " + value);
    }
    if (seconds.signum() <= 0) {
      throw new TypeConversionException("seconds must be greater than 0: " + value);
    }
    if (seconds.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new TypeConversionException("too many seconds: " + value);
    }
    return Duration.ofNanos(seconds.movePointRight(9).longValue());
  }
}
