package dev.jnc.lab.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Polls {@code /proc/net/tcp} and {@code /proc/net/tcp6}. Needs no privilege; each read walks the
 * kernel's whole hash table (a few milliseconds), so it suits a poll every 10 ms or slower. It
 * never sees a bound socket that is neither connecting nor listening (CLOSED).
 */
public final class ProcNetTcpObserver implements SocketObserver {

  /** The calling thread's tables: {@code /proc/net} shows the main thread's network namespace. */
  private static final Path PROC_NET =
      Files.isDirectory(Path.of("/proc/thread-self/net"))
          ? Path.of("/proc/thread-self/net")
          : Path.of("/proc/net");

  private final List<Path> tables;
  private final ProcNetTcpParser parser;

  /**
   * Reads {@code tcp} and {@code tcp6} under {@code procNet}; a missing table (no IPv6) is skipped.
   */
  public ProcNetTcpObserver(Path procNet, ProcNetTcpParser parser) {
    this.tables = List.of(procNet.resolve("tcp"), procNet.resolve("tcp6"));
    this.parser = parser;
  }

  /** Reads this machine's tables. */
  public ProcNetTcpObserver() {
    this(PROC_NET, ProcNetTcpParser.forThisMachine());
  }

  /** True when this machine has {@code /proc/net/tcp}. */
  public static boolean isAvailable() {
    return Files.isReadable(PROC_NET.resolve("tcp"));
  }

  @Override
  public Optional<String> whyNoBoundSockets() {
    return Optional.of("/proc/net/tcp never lists a socket that is only bound");
  }

  @Override
  public String name() {
    return "proc";
  }

  @Override
  public List<SocketRow> snapshot(int port) throws IOException {
    List<SocketRow> rows = new ArrayList<>();
    for (Path table : tables) {
      if (!Files.exists(table)) {
        continue;
      }
      List<SocketRow> all;
      try {
        all = parser.parse(Files.readString(table));
      } catch (IllegalArgumentException e) {
        throw new IOException("cannot read " + table + ": " + e.getMessage(), e);
      }
      for (SocketRow row : all) {
        if (row.involves(port)) {
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
