package dev.jnc.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnc.core.NcException;
import dev.jnc.core.options.NcOptions.IpVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressResolverTest {

  private final AddressResolver numericOnly = new AddressResolver(true, IpVersion.ANY);

  /** The forms {@code inet_aton} takes, which nc.traditional, nc.openbsd and ncat all take. */
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1",
    "0177.0.0.1, 127.0.0.1",
    "010.77.0.2, 8.77.0.2",
    "0x7f000001, 127.0.0.1",
    "0x7f.0.0.1, 127.0.0.1",
    "127.1, 127.0.0.1",
    "2130706433, 127.0.0.1",
    "::1, 0:0:0:0:0:0:0:1",
    "[::1], 0:0:0:0:0:0:0:1",
  })
  void readsAnAddressAsTheCLibraryDoes(String written, String meant) throws NcException {
    assertThat(numericOnly.resolveOne(written).getHostAddress()).isEqualTo(meant);
  }

  /** {@code 08} is no octal number: inet_aton and every peer refuse the address. */
  @ParameterizedTest
  @CsvSource({"127.0.0.08", "0177.0.0.09", "08.0.0.1"})
  void aPartWithALeadingZeroAndAnEightOrNineIsNoAddress(String written) {
    assertThat(AddressResolver.literal(written)).isNull();
    assertThatThrownBy(() -> numericOnly.resolve(written))
        .isInstanceOf(NcException.class)
        .hasMessage("Can't parse " + written + " as an IP address");
  }

  /**
   * Nor is it a name: without {@code -n} the JDK's lookup read {@code 127.0.0.08} as 127.0.0.8,
   * another host, where the peers' lookups fail.
   */
  @ParameterizedTest
  @CsvSource({
    "127.0.0.08",
    "0179.0.0.1",
    "1.2.3.08",
    "1.2.3.4.5",
    "...",
    "::ffff:0177.0.0.1",
    "::ffff:127.0.0.08",
    "::ffff:127.1",
    "::ffff:127.0.0.256"
  })
  void digitsAndDotsThatAreNoAddressNameNoHost(String written) {
    AddressResolver resolver = new AddressResolver(false, IpVersion.ANY);

    assertThatThrownBy(() -> resolver.resolve(written))
        .isInstanceOf(NcException.class)
        .hasMessage(written + ": forward host lookup failed: Unknown host");
  }

  /** An IPv6 address's IPv4 tail in plain decimal is an address, with or without -n. */
  @Test
  void anIpv4TailInDecimalIsAnAddress() throws NcException {
    assertThat(numericOnly.resolveOne("::ffff:127.0.0.1").getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(AddressResolver.literal("::ffff:0177.0.0.1")).isNull();
    assertThatThrownBy(() -> numericOnly.resolve("::ffff:0177.0.0.1"))
        .hasMessage("Can't parse ::ffff:0177.0.0.1 as an IP address");
  }

  @Test
  void aNameIsNoLiteral() {
    assertThat(AddressResolver.literal("localhost")).isNull();
    assertThat(AddressResolver.literal("0177.0.0.1.example")).isNull();
    assertThatThrownBy(() -> numericOnly.resolve("localhost"))
        .isInstanceOf(NcException.class)
        .hasMessage("Can't parse localhost as an IP address");
  }

  @Test
  void anOctalLoopbackReachesThisMachine() throws IOException, NcException {
    try (ServerSocketChannel server =
        ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      InetAddress octal = numericOnly.resolveOne("0177.0.0.1");
      try (SocketChannel client = SocketChannel.open(new InetSocketAddress(octal, port));
          SocketChannel accepted = server.accept()) {
        assertThat(accepted.getRemoteAddress()).isEqualTo(client.getLocalAddress());
      }
    }
  }
}
