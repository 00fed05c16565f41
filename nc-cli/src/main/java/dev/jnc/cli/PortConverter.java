package dev.jnc.cli;

import dev.jnc.core.options.PortRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code -p}: our own port, 1 to 65535, or 0 to let the kernel choose (the listener prints it). */
final class PortConverter implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    if (value.strip().equals("0")) {
      return 0;
    }
    try {
      return PortRange.parsePort(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
