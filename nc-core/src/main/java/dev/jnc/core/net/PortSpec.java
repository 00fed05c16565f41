package dev.jnc.core.net;

import dev.jnc.core.options.NcOptions.Protocol;
import dev.jnc.core.options.PortRange;
import java.util.OptionalInt;

/**
 * Reads one port argument as netcat does: a number, a service name, or a range {@code m-n} of
 * either ({@code 20-25}, {@code ftp-http}), its ends in either order. A service name that itself
 * holds a hyphen is taken whole when the table knows it, or written with the hyphen escaped ({@code
 * ftp\-data}), as nc 1.10 asks.
 */
public final class PortSpec {

  private final ServiceNames services;
  private final Protocol protocol;

  public PortSpec(ServiceNames services, Protocol protocol) {
    this.services = services;
    this.protocol = protocol;
  }

  /**
   * @throws IllegalArgumentException with a message fit for the user
   */
  public PortRange parse(String text) {
    String unescaped = text.replace("\\-", "-");
    // Digits and a dash are never a service name: no need to read the table for them.
    OptionalInt named =
        isNumericRange(unescaped) ? OptionalInt.empty() : services.port(unescaped, protocol);
    if (named.isPresent()) {
      return PortRange.single(named.getAsInt());
    }
    int dash = unescapedDash(text);
    if (dash < 0) {
      return PortRange.single(port(unescaped));
    }
    if (dash == text.length() - 1) {
      throw new IllegalArgumentException("invalid port range " + text);
    }
    String fromText = text.substring(0, dash).replace("\\-", "-");
    String toText = text.substring(dash + 1).replace("\\-", "-");
    int from;
    int to;
    try {
      from = port(fromText);
      to = port(toText);
    } catch (IllegalArgumentException e) {
      if (isNumber(fromText) && isNumber(toText)) {
        throw e;
      }
      // "no-such-service" is one bad name, not a range from "no": name the whole of it.
      throw new IllegalArgumentException("invalid port " + text, e);
    }
    return PortRange.between(from, to);
  }

  /** One port: a number from 1 to 65535 or a service name. */
  public int port(String text) {
    OptionalInt named = isNumber(text) ? OptionalInt.empty() : services.port(text, protocol);
    if (named.isPresent()) {
      return named.getAsInt();
    }
    if (!text.isBlank() && !Character.isDigit(text.strip().charAt(0))) {
      throw new IllegalArgumentException("invalid port " + text);
    }
    return PortRange.parsePort(text);
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
  }

  private static boolean isNumericRange(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c == '-' || Character.isDigit(c));
  }

  /** The first hyphen that is neither leading nor escaped, or -1. */
  private static int unescapedDash(String text) {
    for (int i = 1; i < text.length(); i++) {
      if (text.charAt(i) == '-' && text.charAt(i - 1) != '\\') {
        return i;
      }
    }
    return -1;
  }
}
