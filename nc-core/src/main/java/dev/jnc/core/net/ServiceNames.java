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
import java.util.function.Supplier;
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

  private record Tables(Map<String, Integer> portsByName, Map<Integer, String> namesByPort) {
    private static final Tables EMPTY = new Tables(Map.of(), Map.of());
  }

  private final Supplier<Tables> source;
  private Tables tables;

  private ServiceNames(Supplier<Tables> source) {
    this.source = source;
  }

  /**
   * The system's table, or an empty one when there is no readable {@code /etc/services}. Read at
   * the first lookup, not here: parsing the file costs a start some 8 ms (measured), which a run
   * with numeric ports and no {@code -v} never needs.
   */
  public static ServiceNames system() {
    return readFrom(SYSTEM_FILE);
  }

  /** The table in {@code file}, read at the first lookup; empty if it cannot be read then. */
  static ServiceNames readFrom(Path file) {
    return new ServiceNames(() -> read(file));
  }

  private static Tables read(Path file) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      return parseTables(reader);
    } catch (IOException e) {
      return Tables.EMPTY;
    }
  }

  public static ServiceNames empty() {
    return new ServiceNames(() -> Tables.EMPTY);
  }

  /**
   * Reads the table on a thread of its own, for a caller that will look names up soon ({@code -v}
   * names every port it reports) but has a connection to make first.
   */
  public void loadInBackground() {
    Thread.ofPlatform().name("jnc-services").daemon().start(this::tables);
  }

  private synchronized Tables tables() {
    if (tables == null) {
      tables = source.get();
    }
    return tables;
  }

  /** Parses the {@code services(5)} format: {@code name port/proto [aliases...] [# comment]}. */
  public static ServiceNames parse(Reader source) throws IOException {
    Tables tables = parseTables(source);
    return new ServiceNames(() -> tables);
  }

  private static Tables parseTables(Reader source) throws IOException {
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
    return new Tables(Map.copyOf(byName), Map.copyOf(byPort));
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
    Integer port = tables().portsByName().get(name + "/" + protoName(protocol));
    return port == null ? OptionalInt.empty() : OptionalInt.of(port);
  }

  /** The service name of {@code port} for {@code protocol}, if the table has one. */
  public Optional<String> name(int port, Protocol protocol) {
    return Optional.ofNullable(tables().namesByPort().get(key(port, protoName(protocol))));
  }

  private static String protoName(Protocol protocol) {
    return protocol == Protocol.UDP ? "udp" : "tcp";
  }

  private static Integer key(int port, String proto) {
    // Ports fit in 16 bits; the protocol takes the bit above.
    return port | (proto.equals("udp") ? 1 << 16 : proto.equals("tcp") ? 0 : 1 << 17);
  }
}
