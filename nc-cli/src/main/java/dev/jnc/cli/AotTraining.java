package dev.jnc.cli;

import dev.jnc.core.io.PipeCapacity;
import dev.jnc.core.tcp.InputPump;
import dev.jnc.core.tcp.SocketSplice;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The training run for the JDK's ahead-of-time cache ({@code -XX:AOTCacheOutput}), run once at
 * package time: it takes the paths a short {@code jnc} run takes (parse, help, a {@code -z} probe,
 * a one-line exchange from memory and from a file, a bulk send, a usage error, a listener) over
 * loopback, and starts and ends as {@link Jnc#main} does, so their classes come linked from the
 * cache at every later start. Not part of {@code jnc} itself.
 */
public final class AotTraining {

  /** Enough for each call on a datagram's way to be compiled: a method is after a few hundred. */
  private static final int DATAGRAMS_IN_TRAINING = 4_000;

  private AotTraining() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Jnc.prepareProcess();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      // Where the training's clients connect: under the system's address order the JDK's loopback
      // address is ::1.
      server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0));
      String port = Integer.toString(((InetSocketAddress) server.getLocalAddress()).getPort());
      Thread.ofPlatform().daemon().start(() -> echo(server));
      run(quiet, "", "-h");
      run(quiet, "", "-vz", "127.0.0.1", port);
      run(quiet, "hello\n", "-v", "127.0.0.1", port);
      runFromFile(quiet, "hello\n", "127.0.0.1", port);
      runBulk(quiet, "127.0.0.1", port);
      run(quiet, "", "-x");
    }
    runListener(quiet);
    runDatagramListener();
    // A stdin pipe is grown through the foreign-function API when bulk data flows (here fd 0 may
    // be no pipe: the call fails, but the linking it trains is the same).
    PipeCapacity.grow(0, InputPump.STREAM_CHUNK);
    // The classes a bulk receive into stdout splices with. (The code the foreign-function API
    // generates for each call is not cached: a run makes it again, on a thread of its own.)
    boolean ignored = SocketSplice.available();
    // A run that succeeds looks for threads that would keep the JVM, then returns from main; one
    // that fails ends through System.exit. Both ways are in the cache.
    boolean ignoredToo = MainExit.anotherThreadKeepsTheJvm();
    System.exit(0);
  }

  private static void run(PrintStream err, String input, String... args) {
    Jnc.run(fromMemory(err, input.getBytes(StandardCharsets.US_ASCII)), args);
  }

  /** A command whose input is {@code input} and whose output is thrown away. */
  private static JncCommand fromMemory(PrintStream err, byte[] input) {
    return Jnc.command(
        Channels.newChannel(new ByteArrayInputStream(input)),
        Channels.newChannel(new ByteArrayOutputStream()),
        err,
        false);
  }

  /**
   * Bulk input, as {@code jnc} runs it: the stdin reader outruns the network and waits for room (a
   * path of its own in the JDK's locks), and the thread that grows a stdin pipe starts.
   */
  private static void runBulk(PrintStream err, String... args) {
    JncCommand command = fromMemory(err, new byte[4 * InputPump.STREAM_CHUNK]);
    command.growStdinPipe = true;
    Jnc.run(command, args);
  }

  /**
   * With stdin a regular file, as in {@code jnc host port < request.txt}: the sendfile path. The
   * file is named by our process id, not by {@link Files#createTempFile}, whose random names would
   * put some 40 classes of the JDK's random numbers and digests in the cache, which no run of jnc
   * needs and every start would load.
   */
  private static void runFromFile(PrintStream err, String input, String... args)
      throws IOException {
    Path file =
        Files.writeString(
            Path.of(
                System.getProperty("java.io.tmpdir"),
                "jnc-aot-training-" + ProcessHandle.current().pid() + ".txt"),
            input,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
    try (FileChannel in = FileChannel.open(file)) {
      Jnc.run(in, Channels.newChannel(new ByteArrayOutputStream()), err, false, args);
    } finally {
      Files.delete(file);
    }
  }

  /**
   * A listener ({@code jnc -l -s 127.0.0.1 -p PORT}) that takes one connection and a line from it:
   * the path of {@code jnc -l -p 6666}, and of the listening end of every transfer.
   */
  private static void runListener(PrintStream err) throws InterruptedException {
    InetSocketAddress address;
    try (ServerSocketChannel free = ServerSocketChannel.open()) {
      free.bind(new InetSocketAddress("127.0.0.1", 0));
      address = (InetSocketAddress) free.getLocalAddress();
    } catch (IOException e) {
      return;
    }
    String port = Integer.toString(address.getPort());
    Thread listener =
        Thread.ofPlatform().daemon().start(() -> run(err, "", "-l", "-s", "127.0.0.1", "-p", port));
    // The listener binds on its own thread: until it has, a connect is refused.
    for (int attempt = 0; attempt < 500 && listener.isAlive(); attempt++) {
      try (SocketChannel client = SocketChannel.open(address)) {
        client.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
        client.shutdownOutput();
        // Its stdin is empty, so the listener closes at our end of input. A listener that never
        // did would cost the cache this path, not hang the build.
        client.socket().setSoTimeout(5_000);
        client.socket().getInputStream().readAllBytes();
        break;
      } catch (ConnectException e) {
        Thread.sleep(10);
      } catch (IOException e) {
        break;
      }
    }
    listener.join(Duration.ofSeconds(5));
  }

  /**
   * A UDP listener ({@code jnc -u -l}) that takes a burst of datagrams into {@code /dev/null}: its
   * classes come from the cache, and its receive path is compiled in training, which {@code
   * bin/jnc} lets a {@code -u -l} run compile again while it waits for its first datagram rather
   * than during a burst, when the socket's buffer fills faster than uncompiled code empties it.
   * {@code -v}'s words tell us when it is bound.
   */
  private static void runDatagramListener() throws IOException, InterruptedException {
    Path sink = Path.of("/dev/null");
    if (!Files.isWritable(sink)) {
      return;
    }
    int port;
    try (DatagramChannel free = DatagramChannel.open()) {
      free.bind(new InetSocketAddress("127.0.0.1", 0));
      port = ((InetSocketAddress) free.getLocalAddress()).getPort();
    }
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(said, true, StandardCharsets.UTF_8);
    try (FileChannel out = FileChannel.open(sink, StandardOpenOption.WRITE)) {
      Thread listener =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () ->
                      Jnc.run(
                          Channels.newChannel(new ByteArrayInputStream(new byte[0])),
                          out,
                          err,
                          false,
                          "-v",
                          "-u",
                          "-l",
                          "-w",
                          "0.3",
                          "-s",
                          "127.0.0.1",
                          "-p",
                          Integer.toString(port)));
      for (int attempt = 0;
          attempt < 500 && !said.toString(StandardCharsets.UTF_8).contains("listening");
          attempt++) {
        Thread.sleep(10);
      }
      try (DatagramChannel sender = DatagramChannel.open()) {
        sender.connect(new InetSocketAddress("127.0.0.1", port));
        ByteBuffer datagram = ByteBuffer.allocate(1400);
        for (int i = 0; i < DATAGRAMS_IN_TRAINING; i++) {
          sender.write(datagram.clear());
        }
      } catch (IOException e) {
        // Nobody listening after all (a refused port): the cache goes without this path.
      }
      listener.join(Duration.ofSeconds(5));
    }
  }

  /** Echoes each connection back until its end, the probe's (which sends nothing) included. */
  private static void echo(ServerSocketChannel server) {
    try {
      while (true) {
        try (SocketChannel client = server.accept()) {
          ByteBuffer buffer = ByteBuffer.allocate(1024);
          while (client.read(buffer) >= 0) {
            buffer.flip();
            client.write(buffer);
            buffer.clear();
          }
        }
      }
    } catch (IOException e) {
      // The server closed: training is over.
    }
  }
}
