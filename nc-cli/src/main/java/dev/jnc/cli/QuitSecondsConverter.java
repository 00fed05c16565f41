package dev.jnc.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/**
 * {@code -q}: seconds to wait after EOF on stdin, as OpenBSD nc reads it: 0 quits at once and a
 * negative value waits for the peer (returned as a negative duration).
 */
final class QuitSecondsConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    BigDecimal seconds = SecondsConverter.parse(value);
    return seconds.signum() < 0
        ? Duration.ofSeconds(-1)
        : SecondsConverter.toDuration(seconds, value);
  }
}
