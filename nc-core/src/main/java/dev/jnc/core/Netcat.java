package dev.jnc.core;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.CloseReason;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.exec.ChildProgram;
import dev.jnc.core.io.HexDumpWriter;
import dev.jnc.core.net.AddressResolver;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.NcOptions.IpVersion;
import dev.jnc.core.options.PortRange;
import dev.jnc.core.tcp.DataPath;
import dev.jnc.core.tcp.InputPump;
import dev.jnc.core.tcp.RelaySettings;
import dev.jnc.core.tcp.StreamRelay;
import dev.jnc.core.tcp.TcpAcceptor;
import dev.jnc.core.tcp.TcpConnector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.function.Predicate;

/**
 * One run of netcat: connect or listen as the options say, relay data, and report every step to
 * the listener. This is the engine's front door; it knows nothing of terminals or exit codes.
 */
public final class Netcat {

  /** The accept queue netcat users expect: a few pending clients, not a server's thousands. */
  private static final int LISTEN_BACKLOG = 50;

  private final NcOptions options;
  private final NcListener listener;
  private final AddressResolver resolver;

  /** {@code -e}: resolved before connecting; {@code null} to relay stdin and stdout. */
  private ChildProgram program;

  /** {@code -o}: opened before connecting; {@code null} for no dump. */
  private FileChannel hexDump;

  public Netcat(NcOptions options, NcListener listener) {
    this.options = options;
    this.listener = listener;
    this.resolver = new AddressResolver(options.numeric(), options.ipVersion());
  }

  /**
   * Runs to the end.
   *
   * @return {@code true} if a connection was made and ended normally
   * @throws NcException for anything the user must hear about: refused, timed out, reset, bad
   *     address
   */
  public boolean run(ReadableByteChannel input, WritableByteChannel output) throws NcException {
    try (FileChannel dump = prepareDataPath();
        InputPump pump =
            program != null ? InputPump.empty() : new InputPump(input, StreamRelay.BUFFER_SIZE)) {
      hexDump = dump;
      return options.listening() ? listen(pump, output) : connect(pump, output);
    } catch (NcException e) {
      listener.onEvent(new NcEvent.Failed(System.nanoTime(), e.getMessage()));
      throw e;
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      listener.onEvent(new NcEvent.Failed(System.nanoTime(), message));
      throw NcException.network(message, e);
    }
  }

  /**
   * Checks the {@code -e} program and opens the {@code -o} file, so that a bad one fails before
   * anything touches the network.
   *
   * @return the dump file, or {@code null} without {@code -o}
   */
  private FileChannel prepareDataPath() throws NcException {
    program = options.execCommand().isEmpty() ? null : ChildProgram.resolve(options.execCommand());
    return options.hexDumpFile() == null ? null : HexDumpWriter.openFile(options.hexDumpFile());
  }

  private boolean connect(InputPump pump, WritableByteChannel output) throws IOException {
    if (options.host() == null || options.ports().isEmpty()) {
      throw NcException.usage("no destination");
    }
    List<InetAddress> addresses = resolver.resolve(options.host());
    InetAddress local =
        options.localAddress() == null ? null : resolver.resolveOne(options.localAddress());
    TcpConnector connector =
        new TcpConnector(local, options.localPort(), options.timeout(), listener);
    PortRange range = options.ports().getFirst();
    String failure = null;
    for (InetAddress address : addresses) {
      InetSocketAddress remote = new InetSocketAddress(address, range.low());
      TcpConnector.Attempt attempt = connector.connect(remote);
      SocketChannel channel = attempt.channel();
      if (channel == null) {
        failure =
            "connect to "
                + address.getHostAddress()
                + " port "
                + range.low()
                + " (tcp) failed: "
                + attempt.failure();
        continue;
      }
      pump.start();
      try (channel) {
        return relay(channel, pump, output);
      }
    }
    throw NcException.network(failure);
  }

  private boolean listen(InputPump pump, WritableByteChannel output) throws IOException {
    InetAddress bindAddress =
        options.localAddress() == null ? null : resolver.resolveOne(options.localAddress());
    try (TcpAcceptor acceptor =
        TcpAcceptor.bind(
            bindAddress,
            options.localPort(),
            options.ipVersion() == IpVersion.V4,
            LISTEN_BACKLOG,
            listener)) {
      SocketChannel channel = acceptor.accept(options.timeout(), peerFilter());
      if (channel == null) {
        throw NcException.network("no connection : Connection timed out");
      }
      // Listen once: stop listening before talking, as netcat does.
      acceptor.close();
      pump.start();
      try (channel) {
        return relay(channel, pump, output);
      }
    }
  }

  private boolean relay(SocketChannel channel, InputPump pump, WritableByteChannel output)
      throws IOException {
    DataPath dataPath = DataPath.of(options, hexDump);
    NcEvent.Closed closed =
        program != null
            ? program.serve(channel, RelaySettings.of(options), dataPath, listener)
            : new StreamRelay(channel, pump, output, RelaySettings.of(options), dataPath, listener)
                .run();
    if (closed.reason() == CloseReason.RESET) {
      throw NcException.network("connection reset by peer");
    }
    return true;
  }

  /** With {@code -l}, a host and port after the options admit only that peer. */
  private Predicate<InetSocketAddress> peerFilter() throws NcException {
    if (options.host() == null) {
      return peer -> true;
    }
    List<InetAddress> hosts = resolver.resolve(options.host());
    List<PortRange> ports = options.ports();
    return peer ->
        hosts.contains(peer.getAddress())
            && (ports.isEmpty()
                || ports.stream()
                    .anyMatch(r -> peer.getPort() >= r.low() && peer.getPort() <= r.high()));
  }
}
