package dev.jnc.core.options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the engine needs to know for one run, already validated. Built once by the command
 * line (or the lab) through {@link #builder()}; immutable afterwards.
 *
 * @param mode connect out or listen
 * @param keepListening {@code -L}: listen again after each connection
 * @param protocol TCP or UDP
 * @param host the remote host to connect to; with {@code -l}, the only host allowed to connect
 * @param ports the remote ports; with {@code -l}, the only source port allowed to connect
 * @param localPort {@code -p}: our port, 0 for any
 * @param localAddress {@code -s}: our address, {@code null} for any
 * @param ipVersion {@code -4}/{@code -6}
 * @param numeric {@code -n}: no DNS in either direction
 * @param timeout {@code -w}: connect, accept and final-read timeout; {@code null} for none
 * @param interval {@code -i}: delay between lines sent and ports scanned; {@code null} for none
 * @param quitAfterEof {@code -q}: after stdin EOF, quit after this long; {@code null} to wait for
 *     the peer
 * @param zeroIo {@code -z}: connect and close, send nothing
 * @param crlf {@code -c}: send CRLF for LF
 * @param telnet {@code -t}: answer TELNET option negotiation
 * @param randomPorts {@code -r}: random port order and random local port
 * @param execCommand {@code -e}: the program and its arguments, empty for none
 * @param hexDumpFile {@code -o}: where to write a hex dump of the traffic, {@code null} for none
 * @param interactiveInput stdin is a terminal, so a peer's close ends the run at once
 * @param datagramSize {@code --datagram-size}: with {@code -u}, the most one stdin read (so one
 *     datagram) may carry; 0 for the UDP maximum
 * @param noShutdown {@code --no-shutdown}: no FIN when our input ends, as nc 1.10 and OpenBSD's nc
 *     without {@code -N}
 */
public record NcOptions(
    Mode mode,
    boolean keepListening,
    Protocol protocol,
    String host,
    List<PortRange> ports,
    int localPort,
    String localAddress,
    IpVersion ipVersion,
    boolean numeric,
    Duration timeout,
    Duration interval,
    Duration quitAfterEof,
    boolean zeroIo,
    boolean crlf,
    boolean telnet,
    boolean randomPorts,
    List<String> execCommand,
    Path hexDumpFile,
    boolean interactiveInput,
    int datagramSize,
    boolean noShutdown) {

  /** The largest UDP payload over IPv4, and the default datagram size. */
  public static final int MAX_DATAGRAM = 65507;

  /**
   * The largest UDP payload over IPv6 (without jumbograms), which a receive must have room for:
   * with room for {@link #MAX_DATAGRAM} only, 65,509- to 65,527-byte datagrams were cut short.
   */
  public static final int MAX_RECEIVED_DATAGRAM = 65527;

  public NcOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(ipVersion, "ipVersion");
    ports = List.copyOf(ports);
    execCommand = List.copyOf(execCommand);
    if (localPort < 0 || localPort > PortRange.MAX_PORT) {
      throw new IllegalArgumentException("invalid local port " + localPort);
    }
    if (datagramSize < 0 || datagramSize > MAX_DATAGRAM) {
      throw new IllegalArgumentException("invalid datagram size " + datagramSize);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .mode(mode)
        .keepListening(keepListening)
        .protocol(protocol)
        .host(host)
        .ports(ports)
        .localPort(localPort)
        .localAddress(localAddress)
        .ipVersion(ipVersion)
        .numeric(numeric)
        .timeout(timeout)
        .interval(interval)
        .quitAfterEof(quitAfterEof)
        .zeroIo(zeroIo)
        .crlf(crlf)
        .telnet(telnet)
        .randomPorts(randomPorts)
        .execCommand(execCommand)
        .hexDumpFile(hexDumpFile)
        .interactiveInput(interactiveInput)
        .datagramSize(datagramSize)
        .noShutdown(noShutdown);
  }

  public boolean listening() {
    return mode == Mode.LISTEN;
  }

  /** Connect out, or wait for a connection. */
  public enum Mode {
    CONNECT,
    LISTEN
  }

  /** The transport. */
  public enum Protocol {
    TCP,
    UDP
  }

  /** Which address family names may resolve to. */
  public enum IpVersion {
    ANY,
    V4,
    V6
  }

  /** Collects options one by one; {@link #build()} checks them. */
  public static final class Builder {
    private Mode mode = Mode.CONNECT;
    private boolean keepListening;
    private Protocol protocol = Protocol.TCP;
    private String host;
    private List<PortRange> ports = List.of();
    private int localPort;
    private String localAddress;
    private IpVersion ipVersion = IpVersion.ANY;
    private boolean numeric;
    private Duration timeout;
    private Duration interval;
    private Duration quitAfterEof;
    private boolean zeroIo;
    private boolean crlf;
    private boolean telnet;
    private boolean randomPorts;
    private List<String> execCommand = List.of();
    private Path hexDumpFile;
    private boolean noShutdown;
    private boolean interactiveInput;
    private int datagramSize;

    private Builder() {}

    public Builder mode(Mode value) {
      mode = value;
      return this;
    }

    public Builder keepListening(boolean value) {
      keepListening = value;
      return this;
    }

    public Builder protocol(Protocol value) {
      protocol = value;
      return this;
    }

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder ports(List<PortRange> value) {
      ports = value;
      return this;
    }

    public Builder port(int value) {
      ports = List.of(PortRange.single(value));
      return this;
    }

    public Builder localPort(int value) {
      localPort = value;
      return this;
    }

    public Builder localAddress(String value) {
      localAddress = value;
      return this;
    }

    public Builder ipVersion(IpVersion value) {
      ipVersion = value;
      return this;
    }

    public Builder numeric(boolean value) {
      numeric = value;
      return this;
    }

    public Builder timeout(Duration value) {
      timeout = value;
      return this;
    }

    public Builder interval(Duration value) {
      interval = value;
      return this;
    }

    public Builder quitAfterEof(Duration value) {
      quitAfterEof = value;
      return this;
    }

    public Builder zeroIo(boolean value) {
      zeroIo = value;
      return this;
    }

    public Builder crlf(boolean value) {
      crlf = value;
      return this;
    }

    public Builder telnet(boolean value) {
      telnet = value;
      return this;
    }

    public Builder randomPorts(boolean value) {
      randomPorts = value;
      return this;
    }

    public Builder execCommand(List<String> value) {
      execCommand = value;
      return this;
    }

    public Builder hexDumpFile(Path value) {
      hexDumpFile = value;
      return this;
    }

    public Builder interactiveInput(boolean value) {
      interactiveInput = value;
      return this;
    }

    public Builder datagramSize(int value) {
      datagramSize = value;
      return this;
    }

    public Builder noShutdown(boolean value) {
      noShutdown = value;
      return this;
    }

    public NcOptions build() {
      return new NcOptions(
          mode,
          keepListening,
          protocol,
          host,
          ports,
          localPort,
          localAddress,
          ipVersion,
          numeric,
          timeout,
          interval,
          quitAfterEof,
          zeroIo,
          crlf,
          telnet,
          randomPorts,
          execCommand,
          hexDumpFile,
          interactiveInput,
          datagramSize,
          noShutdown);
    }
  }
}
