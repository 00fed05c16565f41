package dev.jnc.lab.observe;

/**
 * The eleven states of a TCP connection (RFC 9293 section 3.3.2), with Linux's numeric codes as
 * they appear in {@code /proc/net/tcp} and in netlink {@code sock_diag} replies.
 *
 * <ul>
 *   <li>{@link #CLOSED}: no connection; here, a socket that is bound but neither connecting nor
 *       listening.
 *   <li>{@link #LISTEN}: a server socket waiting for connections.
 *   <li>{@link #SYN_SENT}: the client sent its SYN and waits for the SYN,ACK.
 *   <li>{@link #SYN_RECEIVED}: the server got a SYN, answered SYN,ACK and waits for the final ACK.
 *   <li>{@link #ESTABLISHED}: the connection is open; data flows both ways.
 *   <li>{@link #FIN_WAIT_1}: we closed first and sent FIN; no ACK for it yet.
 *   <li>{@link #FIN_WAIT_2}: our FIN is acknowledged; we wait for the peer's FIN (half-closed).
 *   <li>{@link #CLOSE_WAIT}: the peer's FIN arrived; we may still send, and must close.
 *   <li>{@link #CLOSING}: both ends sent FIN at once; ours is not acknowledged yet.
 *   <li>{@link #LAST_ACK}: we closed after the peer did and wait for the ACK of our FIN.
 *   <li>{@link #TIME_WAIT}: the active closer waits 2MSL (60 s on Linux) so that stray segments of
 *       this connection die before the 4-tuple is used again.
 * </ul>
 */
public enum TcpState {
  ESTABLISHED(0x01, "ESTABLISHED", "ESTAB", "ESTABLISHED", "ESTABLISHED"),
  SYN_SENT(0x02, "SYN_SENT", "SYN-SENT", "SYN-SENT", "SYN_SENT"),
  SYN_RECEIVED(0x03, "SYN_RECEIVED", "SYN-RECV", "SYN-RECEIVED", "SYN_RCVD"),
  FIN_WAIT_1(0x04, "FIN_WAIT_1", "FIN-WAIT-1", "FIN-WAIT-1", "FIN_WAIT_1"),
  FIN_WAIT_2(0x05, "FIN_WAIT_2", "FIN-WAIT-2", "FIN-WAIT-2", "FIN_WAIT_2"),
  TIME_WAIT(0x06, "TIME_WAIT", "TIME-WAIT", "TIME-WAIT", "TIME_WAIT"),
  CLOSED(0x07, "CLOSED", "UNCONN", "CLOSED", "CLOSED"),
  CLOSE_WAIT(0x08, "CLOSE_WAIT", "CLOSE-WAIT", "CLOSE-WAIT", "CLOSE_WAIT"),
  LAST_ACK(0x09, "LAST_ACK", "LAST-ACK", "LAST-ACK", "LAST_ACK"),
  LISTEN(0x0A, "LISTENING", "LISTEN", "LISTEN", "LISTEN"),
  CLOSING(0x0B, "CLOSING", "CLOSING", "CLOSING", "CLOSING");

  /** The states in the order of RFC 9293's figure: opening, established, closing. */
  public static final java.util.List<TcpState> DIAGRAM_ORDER =
      java.util.List.of(
          CLOSED,
          LISTEN,
          SYN_SENT,
          SYN_RECEIVED,
          ESTABLISHED,
          FIN_WAIT_1,
          FIN_WAIT_2,
          CLOSE_WAIT,
          CLOSING,
          LAST_ACK,
          TIME_WAIT);

  private final int linuxCode;
  private final String windowsName;
  private final String linuxName;
  private final String rfcName;
  private final String bsdName;

  TcpState(int linuxCode, String windowsName, String linuxName, String rfcName, String bsdName) {
    this.linuxCode = linuxCode;
    this.windowsName = windowsName;
    this.linuxName = linuxName;
    this.rfcName = rfcName;
    this.bsdName = bsdName;
  }

  /** The code in {@code /proc/net/tcp}'s {@code st} column and in {@code inet_diag_msg}. */
  public int linuxCode() {
    return linuxCode;
  }

  /** The state for a Linux code; bound-inactive sockets (code 7) are {@link #CLOSED}. */
  public static TcpState fromLinuxCode(int code) {
    for (TcpState state : values()) {
      if (state.linuxCode == code) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown TCP state code " + code);
  }

  /** How {@code names} spells this state. */
  public String displayName(StateNames names) {
    return switch (names) {
      case WINDOWS -> windowsName;
      case LINUX -> linuxName;
      case RFC -> rfcName;
      case BSD -> bsdName;
    };
  }

  /**
   * How a state diagram names this state under {@code names}: as {@link #displayName}, but CLOSED
   * stays CLOSED, since the diagram's CLOSED is no socket at all (RFC 9293's fictional state),
   * where ss's UNCONN is one that is bound.
   */
  public String diagramName(StateNames names) {
    return this == CLOSED ? rfcName : displayName(names);
  }

  /** The state a platform's tool printed, in any of the spellings we know. */
  public static TcpState parse(String name) {
    String wanted = name.strip();
    for (TcpState state : values()) {
      if (wanted.equalsIgnoreCase(state.windowsName)
          || wanted.equalsIgnoreCase(state.linuxName)
          || wanted.equalsIgnoreCase(state.rfcName)
          || wanted.equalsIgnoreCase(state.bsdName)
          || wanted.equalsIgnoreCase(state.name())) {
        return state;
      }
    }
    // Linux netstat's own spellings.
    return switch (wanted.toUpperCase(java.util.Locale.ROOT)) {
      case "SYN_RECV" -> SYN_RECEIVED;
      case "FIN_WAIT1" -> FIN_WAIT_1;
      case "FIN_WAIT2" -> FIN_WAIT_2;
      case "CLOSE" -> CLOSED;
      default -> throw new IllegalArgumentException("unknown TCP state " + name);
    };
  }
}
