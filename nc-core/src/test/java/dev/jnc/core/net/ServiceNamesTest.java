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
