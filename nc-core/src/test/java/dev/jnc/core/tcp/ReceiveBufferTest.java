package dev.jnc.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay's receive buffer over real loopback sockets: small for an answer, full-size once a read
 * fills it, and every byte delivered either way. Each relay runs on a thread of its own, as the
 * buffer is one per thread.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReceiveBufferTest {

  @Test
  void anAnswerIsReadIntoTheSmallFirstBuffer() throws Exception {
    byte[] answer = "HTTP/1.0 200 OK\r\n\r\nhello\n".getBytes(StandardCharsets.US_ASCII);

    Received received = receive(answer);

    assertThat(received.bytes()).isEqualTo(answer);
    assertThat(received.bufferSize()).isEqualTo(StreamRelay.FIRST_INBOUND_SIZE);
  }

  @Test
  void aReadThatFillsTheBufferBringsTheFullSizeAndLosesNothing() throws Exception {
    byte[] bulk = new byte[4 * StreamRelay.BUFFER_SIZE + 77];
    new Random(11).nextBytes(bulk);

    Received received = receive(bulk);

    assertThat(received.bytes()).isEqualTo(bulk);
    assertThat(received.bufferSize()).isEqualTo(StreamRelay.BUFFER_SIZE);
  }

  private record Received(byte[] bytes, int bufferSize) {}

  /** What a relay with no input of its own wrote out when a peer sent {@code data} and left. */
  private static Received receive(byte[] data) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        SocketChannel channel =
            SocketChannel.open(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        Socket peer = server.accept()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CompletableFuture<Received> relayed = new CompletableFuture<>();
      Thread.ofPlatform()
          .name("test-relay")
          .start(
              () -> {
                try {
                  NcEvent.Closed closed =
                      new StreamRelay(
                              channel,
                              InputPump.empty(),
                              Channels.newChannel(out),
                              new RelaySettings(null, null, false, true, false),
                              NcListener.NONE)
                          .run();
                  assertThat(closed.reason()).isEqualTo(NcEvent.CloseReason.COMPLETE);
                  relayed.complete(
                      new Received(out.toByteArray(), StreamRelay.receiveBufferSize()));
                } catch (Throwable e) {
                  relayed.completeExceptionally(e);
                }
              });
      OutputStream toRelay = peer.getOutputStream();
      toRelay.write(data);
      peer.shutdownOutput();
      return relayed.get(20, TimeUnit.SECONDS);
    }
  }
}
