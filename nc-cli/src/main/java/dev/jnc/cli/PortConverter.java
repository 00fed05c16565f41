package dev.jnc.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code -p}: our own port, 1 to 65535, or 0 to let the kernel choose (the listener prints it). */
final class PortConverter implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    int port;
    try {
      port = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("invalid port " + value);
    }
    if (port < 0 || port > 65535) {
      // 0 is a valid -p, unlike a destination port: the range says so.
      throw new TypeConversionException(
          "invalid port " + value + ": must be 0-65535 (0: any free port)");
    }
    return port;
  }
}
