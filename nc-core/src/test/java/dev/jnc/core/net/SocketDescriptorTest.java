package dev.jnc.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SocketDescriptorTest {

  private static final int IPPROTO_TCP = 6;
  private static final int TCP_DEFER_ACCEPT = 9;

  @BeforeAll
  static void linuxWithNativeAccess() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux /proc");
    assumeTrue(SocketDescriptor.class.getModule().isNativeAccessEnabled(), "native access");
  }

  @Test
  void findsTheOneSocketOfEachChannelAmongListenerClientAndAcceptedEnds() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocketChannel server =
            ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
        SocketChannel client = SocketChannel.open(server.getLocalAddress());
        SocketChannel accepted = server.accept();
        DatagramChannel datagram =
            DatagramChannel.open().bind(new InetSocketAddress(loopback, 0))) {
      // The three TCP sockets share a port number; only type, local and peer address tell them
      // apart.
      for (NetworkChannel channel : List.of(server, client, accepted, datagram)) {
        SocketDescriptor descriptor = SocketDescriptor.of(channel).orElseThrow();
        assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + descriptor.fd())).toString())
            .as("%s", channel)
            .isEqualTo("socket:[" + inodeOf(channel) + "]");
      }
    }
  }

  @Test
  void sendProgressCountsWhatThePeerHasNotTakenAndSeesItsReset() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocketChannel server =
            ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
        SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
      SocketDescriptor descriptor = SocketDescriptor.of(client).orElseThrow();
      try (SocketChannel accepted = server.accept()) {
        client.write(ByteBuffer.wrap(new byte[1000]));
        await("the acknowledgement")
            .atMost(Duration.ofSeconds(5))
            .until(() -> descriptor.sendProgress().orElseThrow().unacknowledged() == 0);
        assertThat(descriptor.sendProgress().orElseThrow().closed()).isFalse();
        ByteBuffer taken = ByteBuffer.allocate(1000);
        while (taken.hasRemaining() && accepted.read(taken) >= 0) {
          // A loopback read returns what has arrived; all of it has.
        }
      }
      // The peer's end has gone: it answers what comes now with a reset, and never takes it.
      client.write(ByteBuffer.wrap(new byte[500]));
      await("the reset")
          .atMost(Duration.ofSeconds(5))
          .until(() -> descriptor.sendProgress().orElseThrow().closed());
      assertThat(descriptor.sendProgress().orElseThrow().unacknowledged()).isEqualTo(500);
      // Sent, so the peer may have had them: none counts as never sent.
      assertThat(descriptor.sendProgress().orElseThrow().notSent()).isZero();
    }
  }

  /** Beyond the peer's window the bytes wait unsent: those no peer can have had. */
  @Test
  void sendProgressCountsWhatWasNeverSent() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocketChannel server =
            ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
        SocketChannel client = SocketChannel.open()) {
      server.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096);
      client.connect(server.getLocalAddress());
      try (SocketChannel accepted = server.accept()) {
        SocketDescriptor descriptor = SocketDescriptor.of(client).orElseThrow();
        client.configureBlocking(false);
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        for (int writes = 0; writes < 64 && client.write(chunk.clear()) > 0; writes++) {
          // Until the peer's small window and our send buffer are full.
        }
        TcpSendProgress progress = descriptor.sendProgress().orElseThrow();
        assertThat(progress.notSent()).isPositive();
        assertThat(progress.notSent()).isLessThanOrEqualTo(progress.unacknowledged());
        assertThat(accepted.isOpen()).isTrue();
      }
    }
  }

  @Test
  void aDeferredAcceptListenerHoldsTheConnectionUntilTheFirstByte() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocketChannel server =
        ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0))) {
      SocketDescriptor.of(server).orElseThrow().setIntOption(IPPROTO_TCP, TCP_DEFER_ACCEPT, 60);
      server.configureBlocking(false);
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
        // The client's handshake is over; the server waits for data before it queues the
        // connection.
        assertThat(client.isConnected()).isTrue();
        assertThat(server.accept()).isNull();

        client.write(ByteBuffer.wrap(new byte[] {42}));
        AtomicReference<SocketChannel> accepted = new AtomicReference<>();
        await("the connection completes with the first byte")
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> {
                  accepted.compareAndSet(null, server.accept());
                  return accepted.get() != null;
                });
        try (SocketChannel connection = accepted.get()) {
          ByteBuffer received = ByteBuffer.allocate(1);
          connection.read(received);
          assertThat(received.array()).containsExactly(42);
        }
      }
    }
  }

  /** The inode /proc/net lists for the channel's local (and peer) address. */
  private static String inodeOf(NetworkChannel channel) throws IOException {
    InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
    InetSocketAddress peer =
        channel instanceof SocketChannel s ? (InetSocketAddress) s.getRemoteAddress() : null;
    String table = channel instanceof DatagramChannel ? "udp" : "tcp";
    String wantedLocal = hex(local);
    String wantedPeer = peer == null ? null : hex(peer);
    for (String name : List.of(table, table + "6")) {
      for (String line : Files.readAllLines(Path.of("/proc/net/" + name))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9
            && f[1].endsWith(wantedLocal)
            && (wantedPeer == null
                ? f[3].equals("0A") || table.equals("udp")
                : f[2].endsWith(wantedPeer))) {
          return f[9];
        }
      }
    }
    throw new AssertionError("no row for " + local + " in /proc/net/" + table);
  }

  /** 127.0.0.1:port as the tail of a /proc/net row's address: {@code 0100007F:1A0A}. */
  private static String hex(InetSocketAddress address) {
    byte[] b = address.getAddress().getAddress();
    return String.format("%02X%02X%02X%02X:%04X", b[3], b[2], b[1], b[0], address.getPort());
  }
}
