package dev.jnc.core.testing;

import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.NcOptions.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/** The test's own end of a loopback connection, and what the kernel says about it. */
public final class Loopback {

  private Loopback() {}

  /** A listening socket on 127.0.0.1, port chosen by the kernel. */
  public static ServerSocketChannel listen() throws IOException {
    // IPv4 only: a dual-stack socket would show in /proc/net/tcp6 as ::ffff:127.0.0.1.
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return server;
  }

  /**
   * Options for the engine as a UDP listener on the loopback address ({@code -u -l -s}), port
   * chosen by the kernel: a test adds its own ({@code -w}, {@code -e}) and builds.
   */
  public static NcOptions.Builder udpListener() {
    return NcOptions.builder()
        .protocol(Protocol.UDP)
        .mode(NcOptions.Mode.LISTEN)
        .localAddress(InetAddress.getLoopbackAddress().getHostAddress());
  }

  /** Reads until end of stream, blocking; the returned bytes end where the peer's FIN was. */
  public static byte[] readToEnd(ReadableByteChannel channel) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    while (channel.read(buffer) >= 0) {
      all.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
    return all.toByteArray();
  }

  /** Reads exactly {@code count} bytes, blocking. */
  public static byte[] readExactly(ReadableByteChannel channel, int count) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(count);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new AssertionError(
            "stream ended after " + buffer.position() + " of " + count + " bytes");
      }
    }
    return buffer.array();
  }

  /**
   * Bytes the socket from {@code local} to {@code remote} (IPv4) has sent but the peer has not
   * acknowledged yet: the {@code tx_queue} column of {@code /proc/net/tcp}.
   */
  public static long unacknowledgedBytes(InetSocketAddress local, InetSocketAddress remote) {
    String localColumn = procAddress(local);
    String remoteColumn = procAddress(remote);
    List<String> rows;
    try {
      rows = Files.readAllLines(Path.of("/proc/net/tcp"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String row : rows.subList(1, rows.size())) {
      String[] fields = row.strip().split("\\s+");
      if (fields[1].equals(localColumn) && fields[2].equals(remoteColumn)) {
        return Long.parseLong(fields[4].substring(0, fields[4].indexOf(':')), 16);
      }
    }
    throw new AssertionError("no /proc/net/tcp row for " + local + " -> " + remote);
  }

  /** {@code 127.0.0.1:6666} as {@code /proc/net/tcp} writes it: {@code 0100007F:1A0A}. */
  private static String procAddress(InetSocketAddress address) {
    byte[] ip = address.getAddress().getAddress();
    if (ip.length != 4) {
      throw new IllegalArgumentException("IPv4 only: " + address);
    }
    byte[] littleEndian = {ip[3], ip[2], ip[1], ip[0]};
    return HexFormat.of().withUpperCase().formatHex(littleEndian)
        + ":"
        + String.format("%04X", address.getPort());
  }
}
