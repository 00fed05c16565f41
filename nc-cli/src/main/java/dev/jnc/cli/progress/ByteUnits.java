package dev.jnc.cli.progress;

import java.util.Locale;

/** Byte counts for people: {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}. */
final class ByteUnits {

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private ByteUnits() {}

  static String format(double bytes) {
    int unit = 0;
    while (bytes >= 1024 && unit < UNITS.length - 1) {
      bytes /= 1024;
      unit++;
    }
    return unit == 0
        ? String.format(Locale.ROOT, "%.0f B", bytes)
        : String.format(Locale.ROOT, "%.1f %s", bytes, UNITS[unit]);
  }
}
