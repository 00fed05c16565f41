package dev.jnc.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/**
 * {@code -q}: seconds to wait after EOF on stdin, as OpenBSD nc reads it: 0 quits at once and a
 * negative value waits for the peer (returned as {@link SecondsConverter#NEGATIVE}).
 */
final class QuitSecondsConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return SecondsConverter.read(value);
  }
}
