package dev.jnc.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.options.NcOptions.Protocol;
import dev.jnc.core.options.PortRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceNamesTest {

  @TempDir Path dir;

  @Test
  void theFileIsReadAtTheFirstNameLookupAndNotForNumbers() throws IOException {
    Path file = dir.resolve("services");
    ServiceNames services = ServiceNames.readFrom(file);
    PortSpec tcp = new PortSpec(services, Protocol.TCP);

    // Numbers and numeric ranges never need the table: it does not exist yet.
    assertThat(tcp.parse("8080")).isEqualTo(PortRange.single(8080));
    assertThat(tcp.parse("1-1024")).isEqualTo(new PortRange(1, 1024));
    assertThat(tcp.port("443")).isEqualTo(443);

    Files.writeString(file, "http\t\t80/tcp\t\twww\n");
    assertThat(tcp.parse("www")).isEqualTo(PortRange.single(80));
    assertThat(services.name(80, Protocol.TCP)).contains("http");

    // Read once: a later change to the file is not seen.
    Files.writeString(file, "web\t\t80/tcp\n");
    assertThat(services.name(80, Protocol.TCP)).contains("http");
  }

  @Test
  void readsTheServicesFormatAsGetservbyportDoes() {
    ServiceNames services =
        ServiceNames.of(
            """
            # Network services, Internet style
            tcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer
            http\t\t80/tcp\t\twww www-http\t# WorldWideWeb HTTP
            web  80/tcp
            kerberos 88/TCP kerberos5 krb5\r
            notanumber\tx/tcp\talias-of-nothing
            noslash\t\t99
            lonely
            syslog\t\t514/udp
            commented#out 1234/tcp
               indented   7/tcp echo-alias
            """);

    assertThat(services.name(1, Protocol.TCP)).contains("tcpmux");
    assertThat(services.name(80, Protocol.TCP)).contains("http");
    assertThat(services.name(80, Protocol.UDP)).isEmpty();
    assertThat(services.name(88, Protocol.TCP)).contains("kerberos");
    assertThat(services.port("krb5", Protocol.TCP)).hasValue(88);
    assertThat(services.port("www-http", Protocol.TCP)).hasValue(80);
    assertThat(services.port("web", Protocol.TCP)).hasValue(80);
    assertThat(services.port("alias-of-nothing", Protocol.TCP)).isEmpty();
    assertThat(services.port("noslash", Protocol.TCP)).isEmpty();
    assertThat(services.port("syslog", Protocol.UDP)).hasValue(514);
    assertThat(services.port("syslog", Protocol.TCP)).isEmpty();
    assertThat(services.port("commented", Protocol.TCP)).isEmpty();
    assertThat(services.name(1234, Protocol.TCP)).isEmpty();
    assertThat(services.port("echo-alias", Protocol.TCP)).hasValue(7);
    assertThat(services.name(7, Protocol.TCP)).contains("indented");
  }

  @Test
  void aMissingFileIsAnEmptyTable() {
    ServiceNames services = ServiceNames.readFrom(dir.resolve("no-such-file"));

    assertThat(services.name(80, Protocol.TCP)).isEmpty();
    assertThat(services.port("http", Protocol.TCP)).isEmpty();
  }

  @Test
  void loadingInTheBackgroundGivesTheSameTable() {
    ServiceNames services = ServiceNames.system();
    services.loadInBackground();

    assertThat(services.name(80, Protocol.TCP))
        .isEqualTo(ServiceNames.system().name(80, Protocol.TCP));
  }
}
