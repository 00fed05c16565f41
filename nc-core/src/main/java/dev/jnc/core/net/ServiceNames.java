package dev.jnc.core.net;

import dev.jnc.core.options.NcOptions.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The services database ({@code /etc/services}): names such as {@code http} as ports on the command
 * line, and {@code (http)} after a port in {@code -v} messages. Where the file is missing (Windows,
 * minimal containers) the table is empty: numbers still work and messages show {@code (?)}, as
 * netcat's do.
 */
public final class ServiceNames {

  private static final Path SYSTEM_FILE = Path.of("/etc/services");

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
   * the first lookup, not here: parsing the file costs a start some 5 ms in the interpreter
   * (measured), which a run with numeric ports and no {@code -v} never needs.
   */
  public static ServiceNames system() {
    return readFrom(SYSTEM_FILE);
  }

  /** The table in {@code file}, read at the first lookup; empty if it cannot be read then. */
  static ServiceNames readFrom(Path file) {
    return new ServiceNames(() -> read(file));
  }

  private static Tables read(Path file) {
    try {
      return parseTables(Files.readAllBytes(file));
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

  /**
   * Parses the {@code services(5)} format, {@code name port/proto [aliases...] [# comment]}, in one
   * pass over the file's bytes, with no regular expression and no line strings: a {@code -v} run
   * waits for this table before its first message, in the interpreter, where splitting each line
   * with a pattern took 30-38 ms of its start (measured here on a 361-line file).
   */
  private static Tables parseTables(byte[] text) {
    Map<String, Integer> byName = new HashMap<>();
    Map<Integer, String> byPort = new HashMap<>();
    List<String> names = new ArrayList<>();
    int at = 0;
    while (at < text.length) {
      int lineEnd = at;
      while (lineEnd < text.length && text[lineEnd] != '\n') {
        lineEnd++;
      }
      // Fields: the name, then port/proto, then aliases, up to a comment.
      names.clear();
      int port = -1;
      String proto = null;
      int field = at;
      while (true) {
        while (field < lineEnd && isBlank(text[field])) {
          field++;
        }
        if (field == lineEnd || text[field] == '#') {
          break;
        }
        int fieldEnd = field;
        while (fieldEnd < lineEnd && !isBlank(text[fieldEnd]) && text[fieldEnd] != '#') {
          fieldEnd++;
        }
        if (names.size() == 1 && proto == null) {
          int slash = indexOf(text, (byte) '/', field, fieldEnd);
          port = slash < 0 ? -1 : digits(text, field, slash);
          if (port < 0) {
            break;
          }
          proto = latin1(text, slash + 1, fieldEnd).toLowerCase(Locale.ROOT);
        } else {
          names.add(latin1(text, field, fieldEnd));
        }
        field = fieldEnd;
      }
      if (proto != null) {
        // The first line for a port names it, as getservbyport(3) answers.
        byPort.putIfAbsent(key(port, proto), names.get(0));
        for (String name : names) {
          byName.putIfAbsent(name + "/" + proto, port);
        }
      }
      at = lineEnd + 1;
    }
    return new Tables(byName, byPort);
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == 0x0b;
  }

  private static int indexOf(byte[] text, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  /** The number written in {@code text[from, to)}, or -1 if that is not a number of 1-9 digits. */
  private static int digits(byte[] text, int from, int to) {
    if (from == to || to - from > 9) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      if (text[i] < '0' || text[i] > '9') {
        return -1;
      }
      value = value * 10 + text[i] - '0';
    }
    return value;
  }

  private static String latin1(byte[] text, int from, int to) {
    return new String(text, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** A table from text in the {@code services(5)} format. */
  public static ServiceNames of(String servicesText) {
    Tables tables = parseTables(servicesText.getBytes(StandardCharsets.ISO_8859_1));
    return new ServiceNames(() -> tables);
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
