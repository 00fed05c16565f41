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

  /** Bind a listening socket on the scenario's address and port. */
  record Listen(String listener) implements Step {
    @Override
    public String describe() {
      return listener + " listens";
    }
  }

  /** Connect a new client socket to a listener's address. */
  record Connect(String client, String listener) implements Step {
    @Override
    public String describe() {
      return client + " connects to " + listener + " (like nc 127.0.0.1 PORT)";
    }
  }

  /** Take the next connection from a listener's accept queue. */
  record Accept(String listener, String connection) implements Step {
    @Override
    public String describe() {
      return listener + " accepts the connection as " + connection;
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
      return endpoint + " closes its connection (sends FIN)";
    }
  }

  /** Read from a connection until the peer's FIN arrives. */
  record AwaitEof(String endpoint) implements Step {
    @Override
    public String describe() {
      return endpoint + " reads until the peer's FIN (end of stream)";
    }
  }

  /** Wait until an endpoint's connection shows {@code state} in the kernel's table. */
  record AwaitState(String endpoint, TcpState state) implements Step {
    @Override
    public String describe() {
      return "wait for " + endpoint + "'s socket to show " + state;
    }
  }

  /** Print the table as {@code netstat -an -p tcp | find "PORT"} would. */
  record Snapshot(String caption) implements Step {
    @Override
    public String describe() {
      return caption;
    }
  }
}
