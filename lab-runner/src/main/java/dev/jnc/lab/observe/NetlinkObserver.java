package dev.jnc.lab.observe;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Dumps the kernel's TCP sockets over {@code NETLINK_SOCK_DIAG}, as {@code ss} does: a dump request
 * answered by a multi-part reply ended by {@code NLMSG_DONE}. Unprivileged, and about a millisecond
 * or less per snapshot: one netlink socket and one native buffer serve every poll.
 *
 * <p>Each dump walks all of the kernel's TCP hash tables (262,144 established buckets here)
 * whatever it asks for, so the number of dumps per snapshot sets the cost. The kernel describes
 * only the sockets on the snapshot's port: the request carries a filter program, as {@code ss
 * 'sport = :P or dport = :P'} sends, so other sockets cost a test each instead of a message. {@link
 * DumpRequest#BOTH_FAMILIES} gets IPv4 and IPv6 in one walk and is used where the kernel accepts
 * it; {@link DumpRequest#PER_FAMILY} ({@code SOCK_DIAG_BY_FAMILY} with an {@code inet_diag_req_v2}
 * for {@code AF_INET}, then for {@code AF_INET6}) is the fallback.
 *
 * <p>A {@link #sample} between two snapshots asks instead for each socket the last snapshot showed,
 * by its address pair and cookie ({@link #SAMPLES_PER_DUMP}): the kernel finds each in its hash
 * tables without a walk. Where the last snapshot showed none, a sample asks for listeners only,
 * whose dump walks the listening table alone.
 *
 * <p>The request asks for every state plus {@code TCPF_BOUND_INACTIVE} (Linux 6.5 and later), so a
 * socket that is bound but neither connecting nor listening shows as {@link TcpState#CLOSED};
 * {@code /proc/net/tcp} never lists those.
 *
 * <p>Calls libc through {@code java.lang.foreign}: run the JVM with {@code
 * --enable-native-access=ALL-UNNAMED}. Safe for use from several threads; snapshots are serialized.
 */
public final class NetlinkObserver implements SocketObserver {

  /**
   * Every state bit {@code ss} asks for, {@code TCP_ESTABLISHED} (1) to {@code TCP_NEW_SYN_RECV}
   * (12).
   */
  static final int ALL_STATES = (1 << 13) - 1;

  /** {@code TCPF_BOUND_INACTIVE}: bound sockets that neither connect nor listen, as state 7. */
  static final int BOUND_INACTIVE = 1 << 13;

  /** {@code TCPF_LISTEN}: a dump that asks for no other state skips the connection table. */
  static final int LISTENING = 1 << 10;

  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int AF_NETLINK = 16;
  private static final int IPPROTO_TCP = 6;

  private static final int NLMSG_HEADER = 16;
  private static final int NLMSG_ERROR = 2;
  private static final int NLMSG_DONE = 3;
  private static final int SOCK_DIAG_BY_FAMILY = 20;
  private static final int TCPDIAG_GETSOCK = 18;
  private static final short NLM_F_REQUEST = 0x1;
  private static final short NLM_F_DUMP = 0x300;

  private static final int REQUEST_SIZE = NLMSG_HEADER + 56;
  private static final int COMPAT_REQUEST_SIZE = NLMSG_HEADER + 60;

  // The port filter: an INET_DIAG_REQ_BYTECODE attribute holding inet_diag_bc_op programs.
  private static final short INET_DIAG_REQ_BYTECODE = 1;
  private static final byte INET_DIAG_BC_JMP = 1;
  private static final byte INET_DIAG_BC_S_EQ = 11;
  private static final byte INET_DIAG_BC_D_EQ = 12;
  private static final int PORT_FILTER_SIZE = 4 + 20;

  private static final int SOCKADDR_NL_SIZE = 12;
  private static final int REPLY_BUFFER_SIZE = 64 * 1024;

  // Offsets in struct inet_diag_msg.
  private static final int MSG_FAMILY = 0;
  private static final int MSG_STATE = 1;
  private static final int MSG_SPORT = 4;
  private static final int MSG_DPORT = 6;
  private static final int MSG_SRC = 8;
  private static final int MSG_DST = 24;
  private static final int MSG_INODE = 68;
  private static final int MSG_SIZE = 72;

  private static final int TCP_CLOSE = 7;
  private static final int TCP_NEW_SYN_RECV = 12;

  /**
   * Of this many {@link #sample samples} in a row, one is a snapshot and the others look up the
   * sockets it showed. A lookup takes microseconds, a snapshot of the machine's table 1.5-2 ms here
   * (the kernel walks its 262,144 buckets): with a listener and a connection on the port, 2,046
   * samples/s where snapshots alone made 469/s ({@code NetlinkPollRate}). A socket that appeared
   * since the last snapshot shows at the next, at most three samples later; the teardown states a
   * scenario shows (FIN_WAIT_1 to TIME_WAIT, CLOSE_WAIT, LAST_ACK) are its known sockets'.
   */
  static final int SAMPLES_PER_DUMP = 4;

  /** The most sockets a sample looks up; a port with more gets a snapshot every time. */
  static final int MOST_LOOKUPS = 64;

  // In struct inet_diag_msg: the 48-byte inet_diag_sockid (ports, addresses, interface, cookie).
  private static final int MSG_ID = 4;
  private static final int SOCKID_SIZE = 48;

  private static final int ENOENT = 2;
  private static final int ESTALE = 116;

  private static final ValueLayout.OfShort NETWORK_SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

  private final Arena arena;
  private final NetlinkSocket socket;
  private final MemorySegment request;
  private final MemorySegment kernel;
  private final MemorySegment reply;
  private final int states;
  private final DumpRequest dumpRequest;
  private final int protocol;
  private final MemorySegment lookups;
  private final List<SocketRow> unfindable = new ArrayList<>();
  private int sequence;
  private int described;
  private int lookupPort = -1;
  private int lookupCount;
  private int samplesSinceDump;
  private boolean lookingUp = true;
  private boolean lastSampleLookedUp;

  /** How a snapshot asks the kernel for its sockets. */
  enum DumpRequest {
    /**
     * {@code TCPDIAG_GETSOCK} with the older {@code inet_diag_req}: the kernel serves it as family
     * {@code AF_UNSPEC}, so one walk of its tables returns IPv4 and IPv6 sockets: about twice the
     * snapshots per second of {@link #PER_FAMILY}.
     */
    BOTH_FAMILIES,
    /** {@code SOCK_DIAG_BY_FAMILY} with an {@code inet_diag_req_v2}, for AF_INET then AF_INET6. */
    PER_FAMILY
  }

  private NetlinkObserver(
      Arena arena, NetlinkSocket socket, int states, DumpRequest dumpRequest, int protocol) {
    this.arena = arena;
    this.socket = socket;
    this.states = states;
    this.dumpRequest = dumpRequest;
    this.protocol = protocol;
    this.request = arena.allocate(COMPAT_REQUEST_SIZE + PORT_FILTER_SIZE, 8);
    this.kernel = arena.allocate(SOCKADDR_NL_SIZE, 4);
    this.reply = arena.allocate(REPLY_BUFFER_SIZE, 8);
    this.lookups = arena.allocate((long) MOST_LOOKUPS * REQUEST_SIZE, 8);
    kernel.set(SHORT, 0, (short) AF_NETLINK); // nl_pid 0 is the kernel
    for (long at = 0; at < lookups.byteSize(); at += REQUEST_SIZE) {
      // struct inet_diag_req_v2 without NLM_F_DUMP: the one socket its inet_diag_sockid names.
      // A snapshot fills in each one's family and sockid, a sample its sequence number.
      lookups.set(INT, at, REQUEST_SIZE);
      lookups.set(SHORT, at + 4, (short) SOCK_DIAG_BY_FAMILY);
      lookups.set(SHORT, at + 6, NLM_F_REQUEST);
      lookups.set(ValueLayout.JAVA_BYTE, at + NLMSG_HEADER + 1, (byte) protocol);
      lookups.set(INT, at + NLMSG_HEADER + 4, states);
    }
  }

  /**
   * Opens a netlink socket that asks for every state, bound-inactive sockets included, in one dump
   * for both families if the kernel takes that request, else one dump per family.
   */
  public static NetlinkObserver open() throws IOException {
    return open(ALL_STATES | BOUND_INACTIVE);
  }

  /** Like {@link #open()}, asking for the state bits in {@code states}. */
  static NetlinkObserver open(int states) throws IOException {
    NetlinkObserver observer = open(states, DumpRequest.BOTH_FAMILIES);
    try {
      // No socket has port -1: this only asks whether the kernel takes the request.
      observer.snapshot(-1);
      return observer;
    } catch (IOException rejected) {
      observer.close();
      return open(states, DumpRequest.PER_FAMILY);
    }
  }

  /** Opens a netlink socket whose snapshots ask for {@code states} with {@code dumpRequest}. */
  static NetlinkObserver open(int states, DumpRequest dumpRequest) throws IOException {
    return open(states, dumpRequest, IPPROTO_TCP);
  }

  /**
   * Opens a netlink socket whose {@link DumpRequest#PER_FAMILY} dumps ask about {@code protocol}:
   * lets tests provoke the kernel's error replies.
   */
  static NetlinkObserver open(int states, DumpRequest dumpRequest, int protocol)
      throws IOException {
    if (!isLinux()) {
      throw new IOException("netlink sock_diag exists only on Linux");
    }
    Arena arena = Arena.ofShared();
    try {
      return new NetlinkObserver(arena, NetlinkSocket.open(arena), states, dumpRequest, protocol);
    } catch (IOException | RuntimeException | LinkageError e) {
      arena.close();
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException(whyNoLibc(e), e);
    }
  }

  /** True when this JVM can open a {@code NETLINK_SOCK_DIAG} socket and dump TCP sockets. */
  public static boolean isAvailable() {
    return Probe.RESULT.unavailable().isEmpty();
  }

  /** Why {@link #isAvailable()} is false; empty when it is true. */
  public static Optional<String> unavailableReason() {
    return Probe.RESULT.unavailable();
  }

  @Override
  public Optional<String> whyNoBoundSockets() {
    if (supportsBoundInactive()) {
      return Optional.empty();
    }
    return Optional.of(
        "this kernel (Linux "
            + System.getProperty("os.version", "?")
            + ") does not answer sock_diag dumps of bound idle sockets (TCPF_BOUND_INACTIVE needs"
            + " Linux 6.5+)");
  }

  /**
   * True when the kernel lists bound-but-idle sockets (Linux 6.5+, {@code TCPF_BOUND_INACTIVE}):
   * binds a loopback socket and looks for it in a dump.
   */
  public static boolean supportsBoundInactive() {
    return Probe.RESULT.boundInactive();
  }

  @Override
  public String name() {
    return "netlink";
  }

  @Override
  public synchronized List<SocketRow> snapshot(int port) throws IOException {
    if (!arena.scope().isAlive()) {
      throw new IllegalStateException("the netlink observer is closed");
    }
    List<SocketRow> rows = new ArrayList<>();
    described = 0;
    lookupPort = -1;
    lookupCount = 0;
    unfindable.clear();
    lastSampleLookedUp = false;
    dump(port, states, rows);
    if (lookupCount <= MOST_LOOKUPS) {
      lookupPort = port;
    }
    samplesSinceDump = 0;
    return rows;
  }

  /**
   * Looks up the sockets of the last snapshot of {@code port}, each by its address pair and cookie,
   * and takes a snapshot instead every {@link #SAMPLES_PER_DUMP}-th time, or when one of them has
   * left the kernel's tables or given its address pair to another socket. Bound sockets that
   * neither connect nor listen are in no table a lookup searches: they are shown as the last
   * snapshot saw them. Where the last snapshot had nothing to look up, a sample asks for listeners
   * only and takes a snapshot when there is one: an idle port's samples then cost no walk of the
   * connection table (a watch of an empty port took 40 % of a core with snapshots alone).
   */
  @Override
  public synchronized List<SocketRow> sample(int port) throws IOException {
    if (!arena.scope().isAlive()) {
      throw new IllegalStateException("the netlink observer is closed");
    }
    if (lookingUp && port == lookupPort && samplesSinceDump < SAMPLES_PER_DUMP - 1) {
      List<SocketRow> rows = lookupCount > 0 ? lookUp(port) : listenersOnly(port);
      if (rows != null) {
        samplesSinceDump++;
        rows.addAll(unfindable);
        lastSampleLookedUp = true;
        return rows;
      }
    }
    return snapshot(port);
  }

  /**
   * Dumps the listeners on {@code port} alone.
   *
   * @return an empty list when there are none; {@code null} when there is one, or this observer
   *     asks for no listeners, so that a snapshot decides
   */
  private List<SocketRow> listenersOnly(int port) throws IOException {
    if ((states & LISTENING) == 0) {
      return null;
    }
    described = 0;
    List<SocketRow> rows = new ArrayList<>();
    dump(port, LISTENING, rows);
    return rows.isEmpty() ? rows : null;
  }

  /**
   * Whether the last {@link #sample} was answered without a snapshot: by lookups, or by a dump of
   * listeners only.
   */
  boolean lastSampleLookedUp() {
    return lastSampleLookedUp;
  }

  /** Which request this observer's snapshots send. */
  DumpRequest dumpRequest() {
    return dumpRequest;
  }

  /** How many sockets the kernel described in the last snapshot or sample, on its port or not. */
  int socketsDescribed() {
    return described;
  }

  @Override
  public synchronized void close() throws IOException {
    if (!arena.scope().isAlive()) {
      return;
    }
    try {
      socket.close();
    } finally {
      arena.close();
    }
  }

  /** Dumps the sockets on {@code port} in the states {@code asked}, both families, into rows. */
  private void dump(int port, int asked, List<SocketRow> rows) throws IOException {
    switch (dumpRequest) {
      case BOTH_FAMILIES -> dumpBothFamilies(port, asked, rows);
      case PER_FAMILY -> {
        dumpFamily(AF_INET, port, asked, rows);
        dumpFamily(AF_INET6, port, asked, rows);
      }
    }
  }

  private void dumpBothFamilies(int port, int asked, List<SocketRow> rows) throws IOException {
    int seq = ++sequence;
    request.fill((byte) 0);
    int size = COMPAT_REQUEST_SIZE + portFilter(COMPAT_REQUEST_SIZE, port);
    request.set(INT, 0, size);
    request.set(SHORT, 4, (short) TCPDIAG_GETSOCK);
    request.set(SHORT, 6, (short) (NLM_F_REQUEST | NLM_F_DUMP));
    request.set(INT, 8, seq);
    // struct inet_diag_req: family, src_len, dst_len, ext, a 48-byte inet_diag_sockid, states.
    request.set(INT, NLMSG_HEADER + 52, asked);
    socket.sendTo(request, size, kernel, SOCKADDR_NL_SIZE);
    receive(seq, TCPDIAG_GETSOCK, port, rows);
  }

  private void dumpFamily(int family, int port, int asked, List<SocketRow> rows)
      throws IOException {
    int seq = ++sequence;
    request.fill((byte) 0);
    int size = REQUEST_SIZE + portFilter(REQUEST_SIZE, port);
    request.set(INT, 0, size);
    request.set(SHORT, 4, (short) SOCK_DIAG_BY_FAMILY);
    request.set(SHORT, 6, (short) (NLM_F_REQUEST | NLM_F_DUMP));
    request.set(INT, 8, seq);
    // struct inet_diag_req_v2: family, protocol, ext, pad, states, a 48-byte inet_diag_sockid.
    request.set(ValueLayout.JAVA_BYTE, NLMSG_HEADER, (byte) family);
    request.set(ValueLayout.JAVA_BYTE, NLMSG_HEADER + 1, (byte) protocol);
    request.set(INT, NLMSG_HEADER + 4, asked);
    socket.sendTo(request, size, kernel, SOCKADDR_NL_SIZE);
    receive(seq, SOCK_DIAG_BY_FAMILY, port, rows);
  }

  /**
   * Writes, at {@code at} of the zeroed request, the filter "local port is {@code port} or remote
   * port is", as {@code ss} compiles it: each op is a code, a jump if true and a jump if false, in
   * bytes; the kernel keeps a socket whose jumps end exactly at the program's end. Without it,
   * every TCP socket of the machine is described to us and dropped: with 4,000 other sockets, 224
   * to 435 snapshots/s against 575 to 614 with it (interleaved runs). The kernel has run such
   * programs since 4.16 (S_EQ, D_EQ), without privileges.
   *
   * @return the bytes written
   */
  private int portFilter(long at, int port) {
    request.set(SHORT, at, (short) PORT_FILTER_SIZE);
    request.set(SHORT, at + 2, INET_DIAG_REQ_BYTECODE);
    long program = at + 4;
    // The local port test goes on to the jump when true and past it when false; a port test's
    // second op holds the port.
    filterOp(program, INET_DIAG_BC_S_EQ, 8, 12);
    request.set(SHORT, program + 6, (short) port);
    // A jump always takes its second offset: to the program's end, which keeps the socket.
    filterOp(program + 8, INET_DIAG_BC_JMP, 4, 12);
    // The remote port test ends the program when true, and 4 bytes past it (drop) when false.
    filterOp(program + 12, INET_DIAG_BC_D_EQ, 8, 12);
    request.set(SHORT, program + 18, (short) port);
    return PORT_FILTER_SIZE;
  }

  private void filterOp(long at, byte code, int yes, int no) {
    request.set(ValueLayout.JAVA_BYTE, at, code);
    request.set(ValueLayout.JAVA_BYTE, at + 1, (byte) yes);
    request.set(SHORT, at + 2, (short) no);
  }

  /**
   * Keeps, as a ready lookup request, the socket the dump's message at {@code msg} describes; a
   * bound socket that neither connects nor listens, which no lookup finds, is kept as its row.
   */
  private void keepForLookup(long msg, SocketRow row) {
    if (Byte.toUnsignedInt(reply.get(ValueLayout.JAVA_BYTE, msg + MSG_STATE)) == TCP_CLOSE) {
      unfindable.add(row);
      return;
    }
    if (lookupCount++ >= MOST_LOOKUPS) {
      return;
    }
    long at = (long) (lookupCount - 1) * REQUEST_SIZE;
    lookups.set(ValueLayout.JAVA_BYTE, at + NLMSG_HEADER, reply.get(ValueLayout.JAVA_BYTE, msg));
    // The cookie in the sockid makes the kernel refuse (ESTALE) another socket that has the same
    // addresses.
    MemorySegment.copy(reply, msg + MSG_ID, lookups, at + NLMSG_HEADER + 8, SOCKID_SIZE);
  }

  /**
   * Sends every kept lookup in one datagram and reads the one reply each gets.
   *
   * @return the rows found; {@code null} when a socket was not found, so that a snapshot decides
   */
  private List<SocketRow> lookUp(int port) throws IOException {
    described = 0;
    int first = sequence + 1;
    for (int i = 0; i < lookupCount; i++) {
      lookups.set(INT, (long) i * REQUEST_SIZE + 8, ++sequence);
    }
    socket.sendTo(lookups, lookupCount * REQUEST_SIZE, kernel, SOCKADDR_NL_SIZE);
    List<SocketRow> rows = new ArrayList<>();
    boolean allFound = true;
    int answered = 0;
    while (answered < lookupCount) {
      long received = socket.receive(reply, REPLY_BUFFER_SIZE);
      long offset = 0;
      while (offset + NLMSG_HEADER <= received) {
        int length = reply.get(INT, offset);
        if (length < NLMSG_HEADER || offset + length > received) {
          throw new IOException("netlink: malformed reply (message length " + length + ")");
        }
        int type = Short.toUnsignedInt(reply.get(SHORT, offset + 4));
        int answer = reply.get(INT, offset + 8) - first;
        // Not one of ours: the tail of an earlier dump that was abandoned part way.
        if (answer >= 0 && answer < lookupCount) {
          answered++;
          long payload = offset + NLMSG_HEADER;
          if (type == SOCK_DIAG_BY_FAMILY && length - NLMSG_HEADER >= MSG_SIZE) {
            described++;
            addIfInvolved(payload, port, rows);
          } else {
            allFound = false;
            int error = type == NLMSG_ERROR ? -reply.get(INT, payload) : 0;
            if (error != ENOENT && error != ESTALE) {
              // A kernel that answers lookups otherwise gets snapshots from now on.
              lookingUp = false;
            }
          }
        }
        offset += (length + 3) & ~3;
      }
    }
    return allFound ? rows : null;
  }

  private void receive(int seq, int replyType, int port, List<SocketRow> rows) throws IOException {
    while (true) {
      long received = socket.receive(reply, REPLY_BUFFER_SIZE);
      long offset = 0;
      while (offset + NLMSG_HEADER <= received) {
        int length = reply.get(INT, offset);
        int type = Short.toUnsignedInt(reply.get(SHORT, offset + 4));
        int messageSeq = reply.get(INT, offset + 8);
        if (length < NLMSG_HEADER || offset + length > received) {
          throw new IOException("netlink: malformed reply (message length " + length + ")");
        }
        // Skip the tail of an earlier dump that was abandoned part way.
        if (messageSeq == seq) {
          long payload = offset + NLMSG_HEADER;
          int payloadLength = length - NLMSG_HEADER;
          switch (type) {
            case NLMSG_DONE -> {
              int error = payloadLength >= 4 ? reply.get(INT, payload) : 0;
              if (error < 0) {
                throw new IOException("netlink dump failed: " + NetlinkSocket.describe(-error));
              }
              return;
            }
            case NLMSG_ERROR -> {
              int error = payloadLength >= 4 ? reply.get(INT, payload) : 0;
              if (error != 0) {
                throw new IOException("netlink: " + NetlinkSocket.describe(-error));
              }
              return;
            }
            default -> {
              if (type == replyType && payloadLength >= MSG_SIZE) {
                described++;
                SocketRow row = addIfInvolved(payload, port, rows);
                if (row != null) {
                  keepForLookup(payload, row);
                }
              }
            }
          }
        }
        offset += (length + 3) & ~3;
      }
    }
  }

  /** Adds the row the message at {@code msg} describes if it is on {@code port}; returns it. */
  private SocketRow addIfInvolved(long msg, int port, List<SocketRow> rows) throws IOException {
    int localPort = Short.toUnsignedInt(reply.get(NETWORK_SHORT, msg + MSG_SPORT));
    int remotePort = Short.toUnsignedInt(reply.get(NETWORK_SHORT, msg + MSG_DPORT));
    if (localPort != port && remotePort != port) {
      return null;
    }
    int family = reply.get(ValueLayout.JAVA_BYTE, msg + MSG_FAMILY);
    int code = Byte.toUnsignedInt(reply.get(ValueLayout.JAVA_BYTE, msg + MSG_STATE));
    int addressLength = family == AF_INET6 ? 16 : 4;
    SocketRow row =
        new SocketRow(
            new InetSocketAddress(address(msg + MSG_SRC, addressLength), localPort),
            new InetSocketAddress(address(msg + MSG_DST, addressLength), remotePort),
            code == TCP_NEW_SYN_RECV ? TcpState.SYN_RECEIVED : TcpState.fromLinuxCode(code),
            Integer.toUnsignedLong(reply.get(INT, msg + MSG_INODE)));
    rows.add(row);
    return row;
  }

  private InetAddress address(long at, int length) throws IOException {
    byte[] bytes = reply.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE);
    try {
      // An IPv4-mapped IPv6 address comes back as an Inet4Address.
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IOException(e);
    }
  }

  /** The C library could not be linked: say why in user terms. */
  private static String whyNoLibc(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof IllegalCallerException) {
      return "native access is not enabled (run java with --enable-native-access=ALL-UNNAMED)";
    }
    return "cannot call libc: " + root;
  }

  private static boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
  }

  /** What this machine offers, found once. */
  private record Probe(Optional<String> unavailable, boolean boundInactive) {

    static final Probe RESULT = run();

    private static Probe run() {
      try (NetlinkObserver observer = open();
          SocketChannel idle = SocketChannel.open()) {
        idle.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = ((InetSocketAddress) idle.getLocalAddress()).getPort();
        boolean listed =
            observer.snapshot(port).stream().anyMatch(row -> row.state() == TcpState.CLOSED);
        return new Probe(Optional.empty(), listed);
      } catch (IOException | RuntimeException e) {
        return new Probe(Optional.of(String.valueOf(e.getMessage())), false);
      }
    }
  }
}
