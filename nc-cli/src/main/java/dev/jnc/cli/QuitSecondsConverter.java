package dev.jnc.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code -q}: seconds to wait after EOF on stdin, as OpenBSD nc reads it: 0 quits at once and a
 * negative value waits for the peer (returned as a negative duration).
 */
final class QuitSecondsConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    BigDecimal seconds;
    try {
      seconds = new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("invalid number of seconds: " + value);
    }
    if (seconds.signum() < 0) {
      return Duration.ofSeconds(-1);
    }
    if (seconds.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new TypeConversionException("too many seconds: " + value);
    }
    return Duration.ofNanos(seconds.movePointRight(9).longValue());
  }
}
