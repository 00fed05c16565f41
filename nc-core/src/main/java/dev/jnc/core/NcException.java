package dev.jnc.core;

import java.io.IOException;

/**
 * An error the user can act on, with a message fit to print after {@code jnc: } as it is. The kind
 * tells the command line which exit code to use.
 */
public final class NcException extends IOException {

  private static final long serialVersionUID = 1L;

  private final Kind kind;
  private final boolean peerReset;

  public NcException(Kind kind, String message) {
    this(kind, message, false);
  }

  private NcException(Kind kind, String message, boolean peerReset) {
    super(message);
    this.kind = kind;
    this.peerReset = peerReset;
  }

  public NcException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.peerReset = false;
  }

  public static NcException usage(String message) {
    return new NcException(Kind.USAGE, message);
  }

  public static NcException network(String message) {
    return new NcException(Kind.NETWORK, message);
  }

  public static NcException network(String message, Throwable cause) {
    return new NcException(Kind.NETWORK, message, cause);
  }

  /**
   * The peer reset the connection: a network error of that one connection, which a {@code -L}
   * server outlives, unlike its own failures (stdout refused, a program that cannot run).
   */
  public static NcException peerReset() {
    return new NcException(Kind.NETWORK, "Connection reset by peer", true);
  }

  /** Whether this is {@link #peerReset()}'s error. */
  public boolean isPeerReset() {
    return peerReset;
  }

  /**
   * Our stdout refused what the peer sent, its reader still there (a full disk, an I/O error): exit
   * status 1. ncat and socat say so and fail too; nc 1.10 fails without a word.
   */
  public static NcException outputRefused(String reason) {
    return new NcException(Kind.NETWORK, "cannot write to stdout: " + reason);
  }

  public Kind kind() {
    return kind;
  }

  /** Where the fault lies. */
  public enum Kind {
    /** The options or their values are wrong (bad port, unwritable {@code -o} path...). */
    USAGE,
    /** The network said no: refused, unreachable, timed out, reset, unknown host. */
    NETWORK
  }
}
