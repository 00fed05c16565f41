package dev.jnc.lab.observe;

import java.util.List;
import java.util.Locale;

/** The layouts of {@code netstat}'s TCP table that {@link NetstatParser} reads. */
public enum NetstatFormat {
  /**
   * Windows {@code netstat -an}: {@code TCP 127.0.0.1:6666 0.0.0.0:0 LISTENING}, IPv6 in brackets
   * ({@code [::1]:6666}), no queue columns.
   */
  WINDOWS(List.of("netstat", "-an")),
  /**
   * macOS and the BSDs, {@code netstat -an -p tcp}: {@code tcp4 0 0 127.0.0.1.6666 *.* LISTEN}, the
   * port joined with a dot, {@code *} for a wildcard address or port.
   */
  BSD(List.of("netstat", "-an", "-p", "tcp")),
  /**
   * Linux net-tools {@code netstat -tan --wide}: {@code tcp 0 0 127.0.0.1:6666 0.0.0.0:* LISTEN}
   * ({@code --wide} stops it cutting long IPv6 addresses).
   */
  LINUX(List.of("netstat", "-tan", "--wide"));

  private final List<String> command;

  NetstatFormat(List<String> command) {
    this.command = command;
  }

  /**
   * The command that prints this layout. On Windows {@code -p tcp} would leave out IPv6 sockets
   * ({@code -p tcpv6} is a separate table), so it takes every protocol and the parser keeps TCP.
   */
  public List<String> command() {
    return command;
  }

  /** The layout of the {@code netstat} of the OS named {@code osName} ({@code os.name}). */
  public static NetstatFormat forOs(String osName) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      return WINDOWS;
    }
    if (os.contains("linux")) {
      return LINUX;
    }
    return BSD;
  }

  /** The layout of this JVM's OS. */
  public static NetstatFormat forThisOs() {
    return forOs(System.getProperty("os.name"));
  }
}
