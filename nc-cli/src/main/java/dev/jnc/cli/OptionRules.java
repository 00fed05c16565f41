package dev.jnc.cli;

import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.NcOptions.Protocol;

/**
 * Options that make no sense together. Each rule names both letters, so the one-line error says
 * what to drop.
 */
final class OptionRules {

  private OptionRules() {}

  /** The first conflict in {@code options}, or {@code null}. */
  static String conflict(NcOptions options) {
    if (options.zeroIo() && options.listening()) {
      return "-z cannot be used with -l or -L (-k): a scan connects out";
    }
    if (options.zeroIo() && !options.execCommand().isEmpty()) {
      return "-e cannot be used with -z: a scan runs no program";
    }
    if (options.keepListening() && options.protocol() == Protocol.UDP) {
      return "-L (-k) cannot be used with -u: a UDP listener keeps its first peer";
    }
    return null;
  }
}
