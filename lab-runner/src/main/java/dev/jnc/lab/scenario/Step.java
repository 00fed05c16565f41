package dev.jnc.lab.scenario;

import dev.jnc.lab.observe.TcpState;

/**
 * One thing a scenario does to its sockets, or one look at the kernel's table. Endpoints are named
 * ({@code listener}, {@code server}, {@code client}) so that later steps can refer to the sockets
 * earlier steps made.
 */
public sealed interface Step {

  /** A sentence for the progress output. */
  String describe();

  /**
   * Bind a listening socket on the scenario's address and port.
   *
   * @param backlog the accept queue the kernel may fill (Linux holds backlog + 1)
   * @param receiveBuffer {@code SO_RCVBUF} for accepted connections, 0 for the default; a small one
   *     lets the sending peer fill its send queue quickly
   */
  record Listen(String listener, int backlog, int receiveBuffer) implements Step {
    public Listen(String listener) {
      this(listener, 50, 0);
    }

    @Override
    public String describe() {
      return listener
          + " listens"
          + (backlog != 50 ? " with an accept queue of " + backlog : "")
          + (receiveBuffer == 0 ? "" : backlog != 50 ? " and a " : " with a ")
          + (receiveBuffer != 0 ? receiveBuffer + "-byte receive buffer" : "");
    }
  }

  /**
   * Let the listener complete a handshake only when the client's first data arrives ({@code
   * TCP_DEFER_ACCEPT}, Linux): the kernel drops the bare final ACK and keeps the connection as a
   * request in SYN_RCVD, while the client, its handshake over, is ESTABLISHED.
   */
  record DeferAccept(String listener) implements Step {
    @Override
    public String describe() {
      return listener + " waits for data before it completes a handshake (TCP_DEFER_ACCEPT)";
    }
  }

  /** Bind a socket to the scenario's address and port, and do nothing with it. */
  record Bind(String endpoint) implements Step {
    @Override
    public String describe() {
      return endpoint + " binds a socket and neither connects nor listens";
    }
  }

  /**
   * Connect a new client socket to a listener's address and wait for the handshake.
   *
   * @param receiveBuffer {@code SO_RCVBUF} set before connecting, 0 for the default
   */
  record Connect(String client, String listener, int receiveBuffer) implements Step {
    public Connect(String client, String listener) {
      this(client, listener, 0);
    }

    @Override
    public String describe() {
      return client
          + " connects to "
          + listener
          + (receiveBuffer != 0 ? " with a " + receiveBuffer + "-byte receive buffer" : "");
    }
  }

  /** Start connecting without waiting: the SYN is sent and the call returns at once. */
  record StartConnect(String client, String listener) implements Step {
    @Override
    public String describe() {
      return client + " starts connecting to " + listener + " without waiting";
    }
  }

  /** Bind to the scenario's port and connect to that same port: a simultaneous open. */
  record SelfConnect(String endpoint) implements Step {
    @Override
    public String describe() {
      return endpoint + " binds the port and connects to itself (simultaneous open)";
    }
  }

  /** Take the next connection from a listener's accept queue. */
  record Accept(String listener, String connection) implements Step {
    @Override
    public String describe() {
      return listener + " accepts a connection as " + connection;
    }
  }

  /** Write without blocking until the kernel takes no more: the peer's window is full. */
  record FillSendQueue(String endpoint) implements Step {
    @Override
    public String describe() {
      return endpoint + " writes until its send queue is full (the peer does not read)";
    }
  }

  /** Write a few bytes. */
  record Send(String endpoint, int bytes) implements Step {
    @Override
    public String describe() {
      return endpoint + " sends " + bytes + (bytes == 1 ? " byte" : " bytes");
    }
  }

  /** Read exactly {@code bytes} bytes. */
  record Receive(String endpoint, int bytes) implements Step {
    @Override
    public String describe() {
      return endpoint + " reads " + bytes + (bytes == 1 ? " byte" : " bytes");
    }
  }

  /** Read and discard until the peer's FIN arrives. */
  record ReadToEnd(String endpoint) implements Step {
    @Override
    public String describe() {
      return endpoint + " reads everything until the peer's FIN (end of stream)";
    }
  }

  /**
   * Slow the private namespace's loopback to a trickle (a token bucket that the next segments
   * empty), so that what is sent next waits in a queue instead of arriving at once. Only inside
   * {@link PrivateNetwork}.
   */
  record SlowLoopback(int bitsPerSecond, int burstBytes) implements Step {
    @Override
    public String describe() {
      return "the private loopback slows to "
          + bitsPerSecond
          + " bit/s: segments now wait in a queue, a small one about "
          + smallSegmentMillis()
          + " ms";
    }

    /** How long an 80-byte segment (headers and a FIN or an ACK) takes at this rate. */
    public int smallSegmentMillis() {
      return 80 * 8 * 1000 / bitsPerSecond;
    }
  }

  /** Half-close: send FIN, keep the socket open for reading. */
  record ShutdownOutput(String endpoint) implements Step {
    @Override
    public String describe() {
      return endpoint
          + " shuts down its output (its FIN follows any data still queued; it still reads)";
    }
  }

  /** Close a listening socket: no new connections. */
  record StopListening(String listener) implements Step {
    @Override
    public String describe() {
      return listener + " stops listening";
    }
  }

  /** Close a connection normally (FIN). */
  record Close(String endpoint) implements Step {
    @Override
    public String describe() {
      return endpoint + " closes its socket";
    }
  }

  /** Close with {@code SO_LINGER=0}: the kernel sends RST and forgets the connection. */
  record Abort(String endpoint) implements Step {
    @Override
    public String describe() {
      return endpoint + " aborts (SO_LINGER=0, close: sends RST)";
    }
  }

  /**
   * Wait until a socket shows {@code state} in the kernel's table.
   *
   * @param endpoint whose connection to watch
   * @param side {@link Side#OWN} for the endpoint's own socket, {@link Side#PEER} for the socket at
   *     the other end (the server side of a client that was never accepted)
   */
  record AwaitState(String endpoint, Side side, TcpState state) implements Step {
    public AwaitState(String endpoint, TcpState state) {
      this(endpoint, Side.OWN, state);
    }

    @Override
    public String describe() {
      return "wait for "
          + (side == Side.OWN ? endpoint + "'s socket" : "the peer socket of " + endpoint)
          + " to show "
          + state;
    }
  }

  /** Wait until a socket has left the kernel's table. */
  record AwaitGone(String endpoint) implements Step {
    @Override
    public String describe() {
      return "wait for " + endpoint + "'s socket to leave the table (CLOSED)";
    }
  }

  /** Print the table as {@code netstat -an -p tcp | find "PORT"} would. */
  record Snapshot(String caption) implements Step {
    @Override
    public String describe() {
      return caption;
    }
  }

  /** Which socket of a connection. */
  enum Side {
    OWN,
    PEER
  }
}
