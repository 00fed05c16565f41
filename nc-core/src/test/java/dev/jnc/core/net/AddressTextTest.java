package dev.jnc.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1",
    "0:0:0:0:0:0:0:1, ::1",
    "0:0:0:0:0:0:0:0, ::",
    "1:0:0:0:0:0:0:0, 1::",
    "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
    // One zero group stays: "::" stands for two or more.
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    // The longest run wins; of two equal runs, the first.
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329",
  })
  void writesAddressesAsRfc5952Does(String literal, String expected) {
    assertThat(AddressText.of(InetAddress.ofLiteral(literal))).isEqualTo(expected);
  }

  /**
   * An address the kernel gave (an accepted peer's) holds the interface's number: written by its
   * name, as {@code ss} writes it; by the number where no interface has it.
   */
  @Test
  void keepsTheScopeOfALinkLocalAddressByTheInterfacesName() throws Exception {
    byte[] bytes = InetAddress.ofLiteral("fe80::1").getAddress();
    NetworkInterface loopback =
        NetworkInterface.getByInetAddress(InetAddress.ofLiteral("127.0.0.1"));

    assertThat(AddressText.of(Inet6Address.getByAddress(null, bytes, loopback.getIndex())))
        .isEqualTo("fe80::1%" + loopback.getName());
    assertThat(AddressText.of(Inet6Address.getByAddress(null, bytes, 99_999)))
        .isEqualTo("fe80::1%99999");
  }

  @Test
  void everyTextReadsBackAsTheSameAddressAndIsNoLongerThanTheJdks() {
    SplittableRandom random = new SplittableRandom(6);
    for (int round = 0; round < 2000; round++) {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      // Zero runs of every length and place, which random bytes alone would almost never give.
      int zeroFrom = random.nextInt(8);
      int zeroTo = zeroFrom + random.nextInt(9 - zeroFrom);
      for (int i = 2 * zeroFrom; i < 2 * zeroTo; i++) {
        bytes[i] = 0;
      }
      InetAddress address = ipv6(bytes);

      String text = AddressText.of(address);

      assertThat(InetAddress.ofLiteral(text)).as(text).isEqualTo(address);
      assertThat(text.length()).as(text).isLessThanOrEqualTo(address.getHostAddress().length());
      assertThat(text).as(text).doesNotContain(":::").isLowerCase();
    }
  }

  private static InetAddress ipv6(byte[] bytes) {
    try {
      return Inet6Address.getByAddress(null, bytes, null);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are always an address", e);
    }
  }
}
