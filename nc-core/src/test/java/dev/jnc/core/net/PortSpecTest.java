package dev.jnc.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnc.core.options.NcOptions.Protocol;
import dev.jnc.core.options.PortRange;
import org.junit.jupiter.api.Test;

class PortSpecTest {

  private static final ServiceNames SERVICES =
      ServiceNames.of(
          """
          # comment line
          ftp-data\t20/tcp
          ftp\t\t21/tcp
          domain\t\t53/tcp\t\t\t# Domain Name Server
          domain\t\t53/udp
          http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP
          syslog\t\t514/udp
          """);

  private final PortSpec tcp = new PortSpec(SERVICES, Protocol.TCP);

  @Test
  void numbersNamesAndRanges() {
    assertThat(tcp.parse("80")).isEqualTo(PortRange.single(80));
    assertThat(tcp.parse("http")).isEqualTo(PortRange.single(80));
    assertThat(tcp.parse("www")).isEqualTo(PortRange.single(80));
    assertThat(tcp.parse("20-25")).isEqualTo(new PortRange(20, 25));
    assertThat(tcp.parse("ftp-http")).isEqualTo(new PortRange(21, 80));
    assertThat(tcp.parse("ftp-data")).isEqualTo(PortRange.single(20));
    assertThat(tcp.parse("ftp\\-data-ftp")).isEqualTo(new PortRange(20, 21));
  }

  @Test
  void aRangeWrittenHighToLowIsTheSameRange() {
    assertThat(tcp.parse("25-20")).isEqualTo(new PortRange(20, 25));
    assertThat(tcp.parse("http-ftp")).isEqualTo(new PortRange(21, 80));
  }

  @Test
  void namesAreLookedUpPerProtocol() {
    assertThat(new PortSpec(SERVICES, Protocol.UDP).parse("syslog"))
        .isEqualTo(PortRange.single(514));
    assertThatThrownBy(() -> tcp.parse("syslog")).hasMessage("invalid port syslog");
  }

  @Test
  void badPortsAreRejectedWithTheirText() {
    assertThatThrownBy(() -> tcp.parse("abc")).hasMessage("invalid port abc");
    assertThatThrownBy(() -> tcp.parse("0")).hasMessageStartingWith("invalid port 0");
    assertThatThrownBy(() -> tcp.parse("70000")).hasMessageStartingWith("invalid port 70000");
  }

  /** A blank argument, as an unset shell variable in quotes makes. */
  @Test
  void blankPortsAreRejectedAsPorts() {
    for (String blank : new String[] {" ", "  ", "\t", " - "}) {
      assertThatThrownBy(() -> tcp.parse(blank))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("invalid port " + blank);
    }
  }

  @Test
  void namesPrintedInMessagesComeFromTheFirstLineForAPort() {
    assertThat(SERVICES.name(80, Protocol.TCP)).contains("http");
    assertThat(SERVICES.name(53, Protocol.UDP)).contains("domain");
    assertThat(SERVICES.name(514, Protocol.TCP)).isEmpty();
    assertThat(SERVICES.name(47011, Protocol.TCP)).isEmpty();
  }
}
