package dev.jnc.core.exec;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.EngineRun;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.NcOptions.Protocol;
import dev.jnc.core.testing.Loopback;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -u -e} on the real engine: a real program (run by {@code /bin/sh}, which the test chooses;
 * jnc itself never goes through a shell) talks to a plain UDP socket over loopback.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatagramProgramTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void clientSendsTheProgramsOutputAndFeedsItTheReplies() throws Exception {
    try (DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
      peer.setSoTimeout(10_000);
      NcOptions options =
          NcOptions.builder()
              .protocol(Protocol.UDP)
              .host(LOOPBACK.getHostAddress())
              .port(peer.getLocalPort())
              .execCommand(
                  List.of("/bin/sh", "-c", "echo hello; read reply; echo \"got $reply\"; exit 3"))
              .build();
      try (EngineRun run = EngineRun.start(options)) {
        DatagramPacket hello = receive(peer);
        assertThat(text(hello)).isEqualTo("hello\n");
        send(peer, "there\n", hello);
        DatagramPacket got = receive(peer);
        assertThat(text(got)).isEqualTo("got there\n");
        assertThat(got.getSocketAddress()).isEqualTo(hello.getSocketAddress());

        assertThat(run.awaitResult()).isTrue();
        assertThat(run.events(NcEvent.ProgramExited.class))
            .singleElement()
            .extracting(NcEvent.ProgramExited::status)
            .isEqualTo(3);
        NcEvent.Closed closed = run.events(NcEvent.Closed.class).getFirst();
        assertThat(closed.bytesSent()).isEqualTo("hello\ngot there\n".length());
        assertThat(closed.bytesReceived()).isEqualTo("there\n".length());
      }
    }
  }

  /**
   * IPv6 carries up to 65,527 bytes in a datagram: the program gets all of them, where a buffer
   * with room for IPv4's largest cut it to 65,508.
   */
  @Test
  void theLargestIpv6DatagramReachesTheProgramWhole() throws Exception {
    InetAddress ipv6Loopback = InetAddress.getByName("::1");
    try (DatagramSocket peer = new DatagramSocket(0, ipv6Loopback)) {
      peer.setSoTimeout(10_000);
      NcOptions options =
          NcOptions.builder()
              .protocol(Protocol.UDP)
              .host("::1")
              .port(peer.getLocalPort())
              .execCommand(List.of("/bin/sh", "-c", "echo go; head -c 65527 | wc -c"))
              .build();
      try (EngineRun run = EngineRun.start(options)) {
        DatagramPacket go = receive(peer);
        byte[] largest = new byte[65_527];
        peer.send(new DatagramPacket(largest, largest.length, go.getSocketAddress()));

        assertThat(text(receive(peer)).strip()).isEqualTo("65527");
        assertThat(run.awaitResult()).isTrue();
      }
    }
  }

  /**
   * A listener on every interface tells its program the address the client reached, as a TCP
   * listener does: it said {@code ::}, the wildcard it is bound to.
   */
  @Test
  void aListenerOnEveryInterfaceTellsTheProgramTheAddressTheClientReached() throws Exception {
    NcOptions options =
        NcOptions.builder()
            .protocol(Protocol.UDP)
            .mode(NcOptions.Mode.LISTEN)
            .execCommand(
                List.of("/bin/sh", "-c", "read a; echo \"$JNC_LOCAL_ADDR $JNC_LOCAL_PORT\""))
            .build();
    try (EngineRun run = EngineRun.start(options);
        DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
      peer.setSoTimeout(10_000);
      send(peer, "hi\n", new InetSocketAddress(LOOPBACK, run.listeningPort()));
      assertThat(text(receive(peer)))
          .isEqualTo(LOOPBACK.getHostAddress() + " " + run.listeningPort() + "\n");
    }
  }

  @Test
  void listenerStartsTheProgramOnTheFirstDatagramAndGivesItThatDatagram() throws Exception {
    NcOptions options =
        Loopback.udpListener()
            .execCommand(
                List.of(
                    "/bin/sh",
                    "-c",
                    "read a; echo \"1:$a from $JNC_REMOTE_PORT\"; read b; echo \"2:$b\"; exit 5"))
            .build();
    try (EngineRun run = EngineRun.start(options);
        DatagramSocket peer = new DatagramSocket(0, LOOPBACK);
        DatagramSocket stranger = new DatagramSocket(0, LOOPBACK)) {
      peer.setSoTimeout(10_000);
      InetSocketAddress listener = new InetSocketAddress(LOOPBACK, run.listeningPort());
      assertThat(run.events(NcEvent.ProgramStarted.class)).as("no program before a peer").isEmpty();

      send(peer, "one\n", listener);
      DatagramPacket first = receive(peer);
      // The program knew the peer when it started, and read the very datagram that started it.
      assertThat(text(first)).isEqualTo("1:one from " + peer.getLocalPort() + "\n");

      // Locked onto the first peer: a stranger's datagram never reaches the program.
      send(stranger, "intruder\n", listener);
      send(peer, "two\n", listener);
      assertThat(text(receive(peer))).isEqualTo("2:two\n");

      assertThat(run.awaitResult()).isTrue();
      assertThat(run.events(NcEvent.ProgramExited.class))
          .singleElement()
          .extracting(NcEvent.ProgramExited::status)
          .isEqualTo(5);
    }
  }

  private static DatagramPacket receive(DatagramSocket socket) throws Exception {
    DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
    socket.receive(packet);
    return packet;
  }

  private static void send(DatagramSocket socket, String text, DatagramPacket replyTo)
      throws Exception {
    send(socket, text, (InetSocketAddress) replyTo.getSocketAddress());
  }

  private static void send(DatagramSocket socket, String text, InetSocketAddress to)
      throws Exception {
    byte[] bytes = text.getBytes(ISO_8859_1);
    socket.send(new DatagramPacket(bytes, bytes.length, to));
  }

  private static String text(DatagramPacket packet) {
    return new String(packet.getData(), packet.getOffset(), packet.getLength(), ISO_8859_1);
  }
}
