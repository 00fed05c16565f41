package dev.jnc.lab.observe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the text of {@code /proc/net/tcp} or {@code /proc/net/tcp6} into rows.
 *
 * <p>The kernel prints each 32-bit word of an address as a host-order integer, so on a
 * little-endian machine (x86, arm64) 127.0.0.1 reads {@code 0100007F} and ::1 reads {@code
 * 00000000000000000000000001000000}: each group of 8 hex digits is one word whose bytes are
 * reversed. Ports are plain big hex numbers. An IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1},
 * what a dual-stack Java socket bound to 127.0.0.1 has) comes back as an IPv4 address.
 */
public final class ProcNetTcpParser {

  private static final int LOCAL = 1;
  private static final int REMOTE = 2;
  private static final int STATE = 3;
  private static final int INODE = 9;

  private final ByteOrder wordOrder;

  /** A parser for text printed by a kernel of this byte order. */
  public ProcNetTcpParser(ByteOrder wordOrder) {
    this.wordOrder = wordOrder;
  }

  /** A parser for text printed by the kernel this JVM runs on. */
  public static ProcNetTcpParser forThisMachine() {
    return new ProcNetTcpParser(ByteOrder.nativeOrder());
  }

  /** Every row of the table; the header line and blank lines are skipped. */
  public List<SocketRow> parse(String text) {
    List<SocketRow> rows = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("sl")) {
        continue;
      }
      try {
        rows.add(parseRow(line));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + " of the TCP table: " + e.getMessage() + ": " + line, e);
      }
    }
    return rows;
  }

  private SocketRow parseRow(String line) {
    String[] fields = line.split("\\s+");
    if (fields.length <= INODE) {
      throw new IllegalArgumentException("expected at least " + (INODE + 1) + " fields");
    }
    return new SocketRow(
        endpoint(fields[LOCAL]),
        endpoint(fields[REMOTE]),
        TcpState.fromLinuxCode(Integer.parseInt(fields[STATE], 16)),
        Long.parseLong(fields[INODE]));
  }

  /** {@code 0100007F:1A0E} to 127.0.0.1:6666. */
  InetSocketAddress endpoint(String field) {
    int colon = field.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("no ':' in address " + field);
    }
    return new InetSocketAddress(
        address(field.substring(0, colon)), Integer.parseInt(field.substring(colon + 1), 16));
  }

  /** 8 hex digits (IPv4) or 32 (IPv6), one host-order word per 8 digits. */
  InetAddress address(String hex) {
    if (hex.length() != 8 && hex.length() != 32) {
      throw new IllegalArgumentException("address is neither 8 nor 32 hex digits: " + hex);
    }
    byte[] bytes = HexFormat.of().parseHex(hex);
    if (wordOrder == ByteOrder.LITTLE_ENDIAN) {
      for (int word = 0; word < bytes.length; word += 4) {
        swap(bytes, word, word + 3);
        swap(bytes, word + 1, word + 2);
      }
    }
    try {
      // Returns an Inet4Address for an IPv4-mapped IPv6 address.
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static void swap(byte[] bytes, int i, int j) {
    byte b = bytes[i];
    bytes[i] = bytes[j];
    bytes[j] = b;
  }
}
