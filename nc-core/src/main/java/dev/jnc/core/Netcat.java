package dev.jnc.core;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.CloseReason;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.exec.ChildProgram;
import dev.jnc.core.io.DescriptorInput;
import dev.jnc.core.io.HexDumpWriter;
import dev.jnc.core.net.AddressFamily;
import dev.jnc.core.net.AddressResolver;
import dev.jnc.core.net.AddressText;
import dev.jnc.core.net.RandomLocalPort;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.NcOptions.IpVersion;
import dev.jnc.core.options.NcOptions.Protocol;
import dev.jnc.core.options.PortRange;
import dev.jnc.core.scan.PortOrder;
import dev.jnc.core.scan.PortScanner;
import dev.jnc.core.scan.ProbeOutcome;
import dev.jnc.core.tcp.DataPath;
import dev.jnc.core.tcp.InputPump;
import dev.jnc.core.tcp.RelaySettings;
import dev.jnc.core.tcp.StreamRelay;
import dev.jnc.core.tcp.TcpAcceptor;
import dev.jnc.core.tcp.TcpConnector;
import dev.jnc.core.udp.DatagramProgram;
import dev.jnc.core.udp.UdpSession;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * One run of netcat: connect or listen as the options say, relay data, and report every step to the
 * listener. This is the engine's front door; it knows nothing of terminals or exit codes.
 */
public final class Netcat {

  /** The accept queue netcat users expect: a few pending clients, not a server's thousands. */
  private static final int LISTEN_BACKLOG = 50;

  private final NcOptions options;
  private final NcListener listener;
  private final AddressResolver resolver;
  private final RandomGenerator random = new SplittableRandom();

  /** {@code -e}: resolved before connecting; {@code null} to relay stdin and stdout. */
  private ChildProgram program;

  /** {@code -o}: opened before connecting; {@code null} for no dump. */
  private FileChannel hexDump;

  /** Our input when it is a regular file sent with {@code sendfile}; {@code null} otherwise. */
  private FileChannel fileInput;

  public Netcat(NcOptions options, NcListener listener) {
    this.options = options;
    this.listener = listener;
    this.resolver = new AddressResolver(options.numeric(), options.ipVersion());
  }

  /**
   * Runs to the end.
   *
   * @return {@code true} if a connection was made and ended normally; with {@code -z}, if any port
   *     was open
   * @throws NcException for anything the user must hear about: refused, timed out, reset, bad
   *     address
   */
  public boolean run(ReadableByteChannel input, WritableByteChannel output) throws NcException {
    try (FileChannel dump = prepareDataPath();
        InputPump pump = inputPump(input)) {
      hexDump = dump;
      fileInput = program == null ? sendableFile(input) : null;
      if (options.zeroIo()) {
        return scan();
      }
      if (options.protocol() == Protocol.UDP) {
        return udp(pump, output);
      }
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
   * How much one read of our input takes. For a stream, {@link InputPump#STREAM_CHUNK}: a whole
   * grown stdin pipe in one read. With {@code -u} each read becomes one datagram, or with {@code
   * --datagram-size N} (like socat's {@code -b}) as many datagrams of N bytes as it holds, the last
   * one shorter: a read of a line is still one datagram, and a flowing pipe gives reads of up to a
   * grown pipe's worth, sent up to 64 datagrams a call (UDP segmentation offload, see {@link
   * UdpSession#segmentsPerSend}). Reads of one call's worth made 2,130 reads and 5,148 futex waits
   * for 100 MB in 1,400-byte datagrams, against 639 and 857 (strace).
   */
  private int inputChunkSize() {
    if (options.protocol() != Protocol.UDP) {
      return InputPump.STREAM_CHUNK;
    }
    int size = options.datagramSize();
    if (size <= 0) {
      return NcOptions.MAX_DATAGRAM;
    }
    int perSend = size * UdpSession.segmentsPerSend(size);
    return Math.max(1, InputPump.STREAM_CHUNK / perSend) * perSend;
  }

  /**
   * What our input goes through: nothing with {@code -z}, which reads none (a scan made the pump's
   * queues and thread for nothing), an empty pump for an {@code -e} program, which has the socket,
   * else the pump for our stdin.
   */
  private InputPump inputPump(ReadableByteChannel input) {
    if (options.zeroIo()) {
      return null;
    }
    return program != null ? InputPump.empty() : stdinPump(input);
  }

  /** The pump for our stdin: a stream's starts small and gathers bulk input into fuller chunks. */
  private InputPump stdinPump(ReadableByteChannel input) {
    InputPump pump = new InputPump(input, inputChunkSize(), inputBuffers(), "jnc-stdin");
    return options.protocol() == Protocol.UDP ? pump : pump.stream();
  }

  /**
   * The checks {@link #run} makes before it touches the network (the {@code -e} program, the {@code
   * -o} file, a name given with {@code -n}), for a caller that runs elsewhere ({@code -d}): made
   * here, a usage error is still heard before the caller lets go of the terminal. Names are not
   * looked up without {@code -n}: the run does that, and a lookup may wait on the network.
   *
   * @throws NcException the error {@link #run} would throw
   */
  public void check() throws NcException {
    FileChannel dump = prepareDataPath();
    if (dump != null) {
      try {
        dump.close();
      } catch (IOException e) {
        throw NcException.network(e.getMessage(), e);
      }
    }
    if (options.numeric()) {
      if (options.host() != null) {
        resolver.resolveOne(options.host());
      }
      localAddress();
    }
  }

  /** Two buffers for a stream; for small datagrams about a megabyte's worth, to send in bursts. */
  private int inputBuffers() {
    return Math.clamp((1 << 20) / inputChunkSize(), 2, 256);
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

  /** {@code -z}: probe every port; {@code true} if any was open (OpenBSD's exit rule). */
  private boolean scan() throws IOException {
    requireDestination();
    InetAddress local = localAddress();
    List<InetAddress> addresses = destinations(local);
    PortScanner.Settings settings =
        new PortScanner.Settings(
            options.protocol(),
            local,
            options.localPort(),
            options.randomPorts() ? new RandomLocalPort(random) : null,
            options.timeout(),
            options.interval(),
            PortScanner.DEFAULT_IN_FLIGHT);
    return new PortScanner(settings, listener)
        .scan(addresses, portOrder()).stream().anyMatch(ProbeOutcome::open);
  }

  /**
   * Connects to each port in the order given, trying each address of the host in turn, and talks
   * with every one that accepts, as nc 1.10 and OpenBSD's nc do with several ports: the input goes
   * to the first, later ones get what it left. With {@code -e}, the program serves the first only,
   * as nc 1.10's exec does. With several ports a peer's reset ends that connection only, as it ends
   * nothing for the peers (their exit is 0 if any port connected); with one it is the run's error.
   *
   * @return true when a connection was made; fails when none could be
   */
  private boolean connect(InputPump pump, WritableByteChannel output) throws IOException {
    requireDestination();
    InetAddress local = localAddress();
    List<InetAddress> addresses = destinations(local);
    int[] ports = portOrder();
    String failure = null;
    boolean connected = false;
    boolean first = true;
    for (int port : ports) {
      for (InetAddress address : addresses) {
        if (!first && options.interval() != null) {
          pause(options.interval());
        }
        first = false;
        InetSocketAddress remote = new InetSocketAddress(address, port);
        TcpConnector.Attempt attempt = connect(local, remote);
        SocketChannel channel = attempt.channel();
        if (channel == null) {
          failure =
              "connect to "
                  + AddressText.of(address)
                  + " port "
                  + port
                  + " (tcp) failed: "
                  + attempt.failure();
          continue;
        }
        connected = true;
        startPump(pump);
        try (channel) {
          relay(channel, pump, output);
        } catch (NcException e) {
          // Our own failure (stdout refused) would fail every port alike.
          if (ports.length == 1 || !e.isPeerReset()) {
            throw e;
          }
        }
        if (program != null) {
          return true;
        }
        break;
      }
    }
    if (!connected) {
      throw NcException.network(failure);
    }
    return true;
  }

  /** One connect, from a fresh random local port with {@code -r} (drawn again if taken). */
  private TcpConnector.Attempt connect(InetAddress local, InetSocketAddress remote)
      throws IOException {
    if (!options.randomPorts() || options.localPort() != 0) {
      return new TcpConnector(local, options.localPort(), options.timeout(), listener)
          .connect(remote);
    }
    RandomLocalPort ports = new RandomLocalPort(random);
    for (int attempt = 1; ; attempt++) {
      try {
        return new TcpConnector(local, ports.next(), options.timeout(), listener).connect(remote);
      } catch (BindException e) {
        if (attempt >= RandomLocalPort.ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Listens once, or with {@code -L} again and again on the same socket, serving one client at a
   * time; the input pump is shared, so later clients get what input the earlier ones left.
   */
  private boolean listen(InputPump pump, WritableByteChannel output) throws IOException {
    if (options.ipVersion() == IpVersion.V6) {
      requireIpv6();
    }
    // Before the bind: a filter host that does not resolve fails without first saying "listening".
    Predicate<InetSocketAddress> filter = peerFilter();
    try (TcpAcceptor acceptor =
        TcpAcceptor.bind(
            localAddress(), options.localPort(), options.ipVersion(), LISTEN_BACKLOG, listener)) {
      boolean served = false;
      do {
        SocketChannel channel = acceptor.accept(options.timeout(), filter);
        if (channel == null) {
          if (served) {
            return true;
          }
          throw NcException.network("no connection : Connection timed out");
        }
        if (!options.keepListening()) {
          // Listen once: stop listening before talking, as netcat does.
          acceptor.close();
        }
        startPump(pump);
        try (channel) {
          relay(channel, pump, output);
        } catch (NcException e) {
          if (!options.keepListening() || !e.isPeerReset()) {
            throw e;
          }
          // One client's reset does not end a -L server; its own failures (stdout refused, a
          // program that cannot run) would fail every client alike, and end it as they end -l.
        }
        served = true;
      } while (options.keepListening());
      return true;
    }
  }

  /**
   * {@code -u}: a client or a listener that locks onto its first peer; with {@code -e} the program
   * takes the place of our stdin and stdout, started once the peer is known.
   */
  private boolean udp(InputPump pump, WritableByteChannel output) throws IOException {
    UdpSession session =
        new UdpSession(options.timeout(), options.quitAfterEof(), listener)
            .datagramSize(options.datagramSize())
            .dataPath(DataPath.of(options, hexDump));
    DatagramProgram datagramProgram =
        program == null ? null : program.forDatagrams(inputChunkSize(), listener);
    if (options.listening()) {
      if (options.ipVersion() == IpVersion.V6) {
        // As for TCP: the wildcard socket fell back to IPv4, said "[any]" and dropped every
        // datagram as from a stranger.
        requireIpv6();
      }
      // Before the bind, as for TCP: a filter host that does not resolve fails first.
      session.admitting(peerFilter());
      InetAddress local = localAddress();
      if (datagramProgram != null) {
        session.listen(local, options.localPort(), options.ipVersion(), datagramProgram);
      } else {
        session.listen(local, options.localPort(), options.ipVersion(), pump, output);
      }
      return true;
    }
    requireDestination();
    InetAddress local = localAddress();
    InetSocketAddress remote =
        new InetSocketAddress(destinations(local).getFirst(), portOrder()[0]);
    int localPort =
        options.randomPorts() && options.localPort() == 0
            ? new RandomLocalPort(random).next()
            : options.localPort();
    InetSocketAddress bind =
        local == null && localPort == 0
            ? null
            : AddressFamily.localEnd(remote.getAddress(), local, localPort);
    if (datagramProgram != null) {
      session.connect(remote, bind, datagramProgram);
    } else {
      session.connect(remote, bind, pump, output);
    }
    return true;
  }

  /**
   * {@code -6} where the kernel has IPv6 turned off: without this check the wildcard listener falls
   * back to IPv4 and listens where {@code -6} said not to.
   */
  private static void requireIpv6() throws NcException {
    try {
      ServerSocketChannel.open(StandardProtocolFamily.INET6).close();
    } catch (UnsupportedOperationException | IOException e) {
      throw NcException.network("IPv6 not available");
    }
  }

  private void requireDestination() throws NcException {
    if (options.host() == null || options.ports().isEmpty()) {
      throw NcException.usage("no destination");
    }
  }

  /**
   * The host's addresses that a socket bound to {@code -s} can reach: a socket has one family, and
   * without this the JDK's refusal to bind across families surfaced as its exception's class name.
   */
  private List<InetAddress> destinations(InetAddress local) throws NcException {
    List<InetAddress> all = resolver.resolve(options.host());
    if (local == null) {
      return all;
    }
    boolean localIsV4 = local instanceof Inet4Address;
    List<InetAddress> reachable =
        all.stream().filter(a -> (a instanceof Inet4Address) == localIsV4).toList();
    if (reachable.isEmpty()) {
      throw NcException.network(
          options.host()
              + ": Address family for hostname not supported (-s "
              + AddressText.of(local)
              + " is "
              + (localIsV4 ? "IPv4" : "IPv6")
              + ")");
    }
    return reachable;
  }

  private InetAddress localAddress() throws NcException {
    if (options.localAddress() == null) {
      return null;
    }
    List<InetAddress> ours;
    try {
      ours = resolver.resolve(options.localAddress());
    } catch (NcException e) {
      // Which address failed: "127.0.0.1: no IPv6 address" read as if the destination had none.
      // (-n's "Can't parse NAME as an IP address" says so already.)
      if (e.kind() != NcException.Kind.NETWORK) {
        throw e;
      }
      throw new NcException(e.kind(), "-s " + e.getMessage(), e);
    }
    if (ours.size() > 1 && !options.listening() && options.host() != null) {
      // A name of both families (-s localhost): the address of the destination's family, where
      // the system's order put ::1 first and "-s localhost 127.0.0.1 P" could not connect.
      ProtocolFamily wanted = AddressFamily.of(resolver.resolveOne(options.host()));
      for (InetAddress address : ours) {
        if (AddressFamily.of(address) == wanted) {
          return address;
        }
      }
    }
    return ours.getFirst();
  }

  /**
   * The ports as the arguments name them, each range low to high, as nc.openbsd visits them with
   * and without {@code -z} (nc 1.10 too, but for its ranges, high to low); shuffled with {@code
   * -r}.
   */
  private int[] portOrder() {
    return options.randomPorts()
        ? PortOrder.shuffled(options.ports(), random)
        : PortOrder.asGiven(options.ports());
  }

  private static void pause(Duration interval) throws InterruptedIOException {
    try {
      Thread.sleep(interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /**
   * A TCP run whose input is a regular file with bytes left and whose data path is plain (no -c,
   * -t, -i, -o) sends the file with {@code sendfile}, so its bytes never pass through our memory.
   *
   * @throws NcException when the input has a size but cannot be read, as a directory
   */
  private FileChannel sendableFile(ReadableByteChannel input) throws NcException {
    ReadableByteChannel underlying =
        input instanceof DescriptorInput descriptor ? descriptor.channel() : input;
    if (!(underlying instanceof FileChannel channel) || options.zeroIo()) {
      return null;
    }
    long position;
    try {
      // A pipe or terminal cannot seek (position() fails); a device or /proc file reports no size.
      position = channel.position();
      if (channel.size() <= position) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    try {
      // A directory has a size too: without this, sendfile failed as if the connection had.
      channel.read(ByteBuffer.allocate(1), position);
    } catch (IOException e) {
      throw NcException.usage("cannot read stdin: " + e.getMessage());
    }
    boolean plain =
        options.protocol() == Protocol.TCP
            && options.hexDumpFile() == null
            && DataPath.of(options, null).isPlain();
    return plain ? channel : null;
  }

  /** The pump reads our input, unless the relay sends it as a file. */
  private void startPump(InputPump pump) {
    if (fileInput == null) {
      pump.start();
    }
  }

  private boolean relay(SocketChannel channel, InputPump pump, WritableByteChannel output)
      throws IOException {
    DataPath dataPath = DataPath.of(options, hexDump);
    NcEvent.Closed closed =
        program != null
            ? program.serve(channel, RelaySettings.of(options), dataPath, listener)
            : new StreamRelay(channel, pump, output, RelaySettings.of(options), dataPath, listener)
                .fromFile(fileInput)
                .run();
    if (closed.reason() == CloseReason.RESET) {
      throw NcException.peerReset();
    }
    return true;
  }

  /**
   * With {@code -l}, a host and port after the options admit only that peer; with {@code -6}, IPv4
   * peers on the dual-stack socket are refused too.
   */
  private Predicate<InetSocketAddress> peerFilter() throws NcException {
    Predicate<InetSocketAddress> family =
        options.ipVersion() == IpVersion.V6
            ? peer -> !(peer.getAddress() instanceof Inet4Address)
            : peer -> true;
    if (options.host() == null) {
      return family;
    }
    List<InetAddress> hosts = resolver.resolve(options.host());
    List<PortRange> ports = options.ports();
    return family.and(
        peer ->
            hosts.contains(peer.getAddress())
                && (ports.isEmpty()
                    || ports.stream()
                        .anyMatch(r -> peer.getPort() >= r.low() && peer.getPort() <= r.high())));
  }
}
