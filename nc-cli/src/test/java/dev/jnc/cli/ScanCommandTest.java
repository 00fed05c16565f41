package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code jnc -z}, side by side with nc.traditional. */
@Timeout(60)
class ScanCommandTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private ServerSocketChannel server;
  private int open;
  private int low;
  private int high;

  @BeforeEach
  void listenOnOnePort() throws IOException {
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(LOOPBACK, 0), 50);
    open = ((InetSocketAddress) server.getLocalAddress()).getPort();
    low = Math.max(1, open - 2);
    high = Math.min(65535, open + 2);
    for (int port = low; port <= high; port++) {
      if (port != open) {
        assumeTrue(refuses(port), "port " + port + " is in use on this host");
      }
    }
  }

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  @Test
  void verboseScanPrintsOnlyTheOpenPortLikeTraditional() throws Exception {
    String range = low + "-" + high;
    JncResult jnc = JncResult.run("-zv", "127.0.0.1", range);
    PeerResult trad = PeerResult.run(PeerResult.TRADITIONAL, "-zv", "127.0.0.1", range);

    assertThat(jnc.exit()).isZero();
    assertThat(jnc.err()).containsExactly(name() + " [127.0.0.1] " + open + " (?) open");
    assertThat(jnc.err()).isEqualTo(trad.err());
  }

  @Test
  void veryVerboseScanAddsRefusalsInAscendingOrderAndTotals() throws Exception {
    String range = low + "-" + high;
    JncResult jnc = JncResult.run("-zvv", "127.0.0.1", range);
    PeerResult trad = PeerResult.run(PeerResult.TRADITIONAL, "-zvv", "127.0.0.1", range);

    List<String> expected = new ArrayList<>();
    for (int port = low; port <= high; port++) {
      expected.add(
          name()
              + " [127.0.0.1] "
              + port
              + " (?) "
              + (port == open ? "open" : ": Connection refused"));
    }
    expected.add(" sent 0, rcvd 0");
    assertThat(jnc.err()).containsExactlyElementsOf(expected);
    // Same lines as nc 1.10, which walks the range from high to low.
    assertThat(jnc.err()).containsExactlyInAnyOrderElementsOf(trad.err());
  }

  @Test
  void aRangeWrittenHighToLowIsTheWholeRangeAsOpenBsdReadsIt() throws Exception {
    String reversed = high + "-" + low;
    JncResult jnc = JncResult.run("-zvv", "127.0.0.1", reversed);
    PeerResult openBsd = PeerResult.run(PeerResult.OPENBSD, "-zv", "127.0.0.1", reversed);

    assertThat(jnc.exit()).isZero();
    assertThat(jnc.err()).isEqualTo(JncResult.run("-zvv", "127.0.0.1", low + "-" + high).err());
    // OpenBSD's nc swaps the ends; nc 1.10 would probe only the first port of such a range.
    assertThat(portsNamed(jnc.err(), " (\\d+) \\(\\?\\) "))
        .isEqualTo(portsNamed(openBsd.err(), "(?: port |127\\.0\\.0\\.1 )(\\d+) "))
        .hasSize(high - low + 1);
  }

  @Test
  void separatePortArgumentsAreProbedInTheOrderGivenAsOpenBsdProbesThem() throws Exception {
    String[] ports = {Integer.toString(high), Integer.toString(low), low + "-" + (low + 1)};
    JncResult jnc = JncResult.run(concat("-zvv", "127.0.0.1", ports));
    PeerResult openBsd = PeerResult.run(PeerResult.OPENBSD, concat("-zv", "127.0.0.1", ports));

    assertThat(portsNamed(jnc.err(), " (\\d+) \\(\\?\\) "))
        .containsExactly(high, low, low, low + 1)
        .isEqualTo(portsNamed(openBsd.err(), "(?: port |127\\.0\\.0\\.1 )(\\d+) "));
  }

  private static String[] concat(String option, String host, String[] ports) {
    List<String> args = new ArrayList<>(List.of(option, host));
    args.addAll(List.of(ports));
    return args.toArray(String[]::new);
  }

  @Test
  void exitIsZeroIfAnyPortOpenAndOneIfNone() {
    assertThat(JncResult.run("-z", "127.0.0.1", low + "-" + high).exit()).isZero();
    String[] closed =
        IntStream.rangeClosed(low, high)
            .filter(p -> p != open)
            .mapToObj(Integer::toString)
            .toArray(String[]::new);
    List<String> args = new ArrayList<>(List.of("-z", "127.0.0.1"));
    args.addAll(List.of(closed));
    JncResult none = JncResult.run(args.toArray(String[]::new));
    assertThat(none.exit()).isEqualTo(ExitCode.NETWORK);
    assertThat(none.err()).isEmpty();
  }

  @Test
  void singleClosedPortIsReportedAtPlainVerboseLikeTraditional() throws Exception {
    int closed = open == high ? low : high;
    JncResult jnc = JncResult.run("-zv", "127.0.0.1", Integer.toString(closed));
    PeerResult trad =
        PeerResult.run(PeerResult.TRADITIONAL, "-zv", "127.0.0.1", Integer.toString(closed));
    assertThat(jnc.exit()).isEqualTo(ExitCode.NETWORK);
    assertThat(jnc.err()).isEqualTo(trad.err());
  }

  @Test
  void serviceNamesAreParsedAndPrinted() throws Exception {
    assumeTrue(refuses(80), "something listens on port 80 here");
    JncResult jnc = JncResult.run("-zvv", "127.0.0.1", "http", Integer.toString(open));
    PeerResult trad =
        PeerResult.run(PeerResult.TRADITIONAL, "-zvv", "127.0.0.1", "http", Integer.toString(open));
    assertThat(jnc.err())
        .startsWith(name() + " [127.0.0.1] 80 (http) : Connection refused")
        .containsExactlyInAnyOrderElementsOf(trad.err());
  }

  @Test
  void randomOrderVisitsEveryPortOnce() {
    JncResult jnc = JncResult.run("-zvv", "-r", "127.0.0.1", low + "-" + high);
    List<Integer> ports =
        jnc.err().stream()
            .filter(line -> line.contains("[127.0.0.1]"))
            .map(line -> Integer.parseInt(line.split(" ")[2]))
            .toList();
    assertThat(ports)
        .containsExactlyInAnyOrder(
            IntStream.rangeClosed(low, high).boxed().toArray(Integer[]::new));
    assertThat(jnc.exit()).isZero();
  }

  @Test
  void scansIpv6Literals() throws IOException {
    try (ServerSocketChannel v6 = ServerSocketChannel.open()) {
      v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      int port = ((InetSocketAddress) v6.getLocalAddress()).getPort();
      JncResult jnc = JncResult.run("-zvn", "::1", Integer.toString(port));
      assertThat(jnc.err()).containsExactly("(UNKNOWN) [::1] " + port + " (?) open");
      assertThat(jnc.exit()).isZero();
    }
  }

  @Test
  void addressFamilyOptionsFilterLiterals() {
    JncResult v6Only = JncResult.run("-z", "-6", "127.0.0.1", Integer.toString(open));
    assertThat(v6Only.err()).containsExactly("jnc: 127.0.0.1: no IPv6 address");
    assertThat(v6Only.exit()).isEqualTo(ExitCode.NETWORK);
    JncResult v4Only = JncResult.run("-zv", "-4", "127.0.0.1", Integer.toString(open));
    assertThat(v4Only.exit()).isZero();
  }

  /** A refused port is passed by, as nc 1.10 does; the open one is then talked to. */
  @Test
  void severalPortsWithoutZeroIoPassARefusedOne() {
    int closed = open == low ? high : low;
    JncResult jnc =
        JncResult.run(
            "-v", "-w", "1", "127.0.0.1", Integer.toString(closed), Integer.toString(open));
    assertThat(jnc.err()).first().isEqualTo(name() + " [127.0.0.1] " + open + " (?) open");
    assertThat(jnc.exit()).isZero();
  }

  /** What nc 1.10 prints for 127.0.0.1: its reverse name. */
  private static String name() {
    String name = LOOPBACK.getCanonicalHostName();
    return name.equals("127.0.0.1") ? "(UNKNOWN)" : name;
  }

  private static boolean refuses(int port) throws IOException {
    try (SocketChannel channel = SocketChannel.open()) {
      channel.connect(new InetSocketAddress(LOOPBACK, port));
      return false;
    } catch (ConnectException e) {
      return true;
    }
  }

  private static List<Integer> portsNamed(List<String> lines, String regex) {
    Pattern port = Pattern.compile(regex);
    return lines.stream()
        .map(port::matcher)
        .filter(Matcher::find)
        .map(m -> Integer.valueOf(m.group(1)))
        .toList();
  }
}
