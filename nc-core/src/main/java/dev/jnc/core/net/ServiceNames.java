package dev.jnc.core.net;

import dev.jnc.core.options.NcOptions.Protocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The services database ({@code /etc/services}): names such as {@code http} as ports on the command
 * line, and {@code (http)} after a port in {@code -v} messages. Where the file is missing (Windows,
 * minimal containers) the table is empty: numbers still work and messages show {@code (?)}, as
 * netcat's do.
 */
public final class ServiceNames {

  private static final Path SYSTEM_FILE = Path.of("/etc/services");

  /** Compiled once: String.split would compile it again for each of the file's lines. */
  private static final Pattern BLANKS = Pattern.compile("\\s+");

  private final Map<String, Integer> portsByName;
  private final Map<Integer, String> namesByPort;

  private ServiceNames(Map<String, Integer> portsByName, Map<Integer, String> namesByPort) {
    this.portsByName = Map.copyOf(portsByName);
    this.namesByPort = Map.copyOf(namesByPort);
  }

  /** The system's table, or an empty one when there is no readable {@code /etc/services}. */
  public static ServiceNames system() {
    try (BufferedReader reader =
        Files.newBufferedReader(SYSTEM_FILE, StandardCharsets.ISO_8859_1)) {
      return parse(reader);
    } catch (IOException e) {
      return empty();
    }
  }

  public static ServiceNames empty() {
    return new ServiceNames(Map.of(), Map.of());
  }

  /** Parses the {@code services(5)} format: {@code name port/proto [aliases...] [# comment]}. */
  public static ServiceNames parse(Reader source) throws IOException {
    Map<String, Integer> byName = new HashMap<>();
    Map<Integer, String> byPort = new HashMap<>();
    BufferedReader reader = source instanceof BufferedReader b ? b : new BufferedReader(source);
    String line;
    while ((line = reader.readLine()) != null) {
      int hash = line.indexOf('#');
      String[] fields = BLANKS.split((hash < 0 ? line : line.substring(0, hash)).trim());
      if (fields.length < 2) {
        continue;
      }
      int slash = fields[1].indexOf('/');
      if (slash < 0) {
        continue;
      }
      int port;
      try {
        port = Integer.parseInt(fields[1].substring(0, slash));
      } catch (NumberFormatException e) {
        continue;
      }
      String proto = fields[1].substring(slash + 1).toLowerCase(Locale.ROOT);
      // The first line for a port names it, as getservbyport(3) answers.
      byPort.putIfAbsent(key(port, proto), fields[0]);
      for (int i = 0; i < fields.length; i++) {
        if (i != 1) {
          byName.putIfAbsent(fields[i] + "/" + proto, port);
        }
      }
    }
    return new ServiceNames(byName, byPort);
  }

  /** A table from text in the {@code services(5)} format. */
  public static ServiceNames of(String servicesText) {
    try {
      return parse(new StringReader(servicesText));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The port called {@code name} for {@code protocol}, if the table has it. */
  public OptionalInt port(String name, Protocol protocol) {
    Integer port = portsByName.get(name + "/" + protoName(protocol));
    return port == null ? OptionalInt.empty() : OptionalInt.of(port);
  }

  /** The service name of {@code port} for {@code protocol}, if the table has one. */
  public Optional<String> name(int port, Protocol protocol) {
    return Optional.ofNullable(namesByPort.get(key(port, protoName(protocol))));
  }

  private static String protoName(Protocol protocol) {
    return protocol == Protocol.UDP ? "udp" : "tcp";
  }

  private static Integer key(int port, String proto) {
    // Ports fit in 16 bits; the protocol takes the bit above.
    return port | (proto.equals("udp") ? 1 << 16 : proto.equals("tcp") ? 0 : 1 << 17);
  }
}
