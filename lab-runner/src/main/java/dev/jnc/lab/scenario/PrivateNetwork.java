package dev.jnc.lab.scenario;

import dev.jnc.core.io.Libc;
import dev.jnc.lab.observe.MachineFacts;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A network namespace of the lab's own, whose loopback nobody else uses, so that a scenario may
 * slow it down and keep segments in flight. Two FINs cross (both ends in CLOSING) only while
 * neither has reached the other end, and plain loopback delivers a segment before the call that
 * sent it returns.
 *
 * <p>Linux keeps namespaces per thread: the work runs on a new platform thread that leaves the
 * shared namespace first, and the sockets, threads and processes it makes are inside with it. The
 * namespace goes away with the last of them, TIME_WAIT sockets included. Needs root ({@code
 * unshare} needs CAP_SYS_ADMIN, {@code tc} CAP_NET_ADMIN) and iproute2's {@code ip} and {@code tc}.
 *
 * <p>Where the kernel allows (Linux 6.1+), the namespace also has a TCP socket table of its own, of
 * {@value #SOCKET_TABLE_BUCKETS} buckets. A netlink dump walks every bucket of its namespace's
 * table, and the machine's may have hundreds of thousands: polls inside are faster by as much.
 */
// Restricted methods are the point of this class; the launcher grants native access.
@SuppressWarnings("restricted")
public final class PrivateNetwork {

  private static final int CLONE_NEWNET = 0x40000000;

  /**
   * Enough for any scenario: the table chains, it does not fill. The kernel scales the namespace's
   * TIME_WAIT limit to half of it (2,048) and its SYN backlog to at least 128.
   */
  static final int SOCKET_TABLE_BUCKETS = 4096;

  /** Read at the moment a namespace is made: the size of the new one's table; 0 shares. */
  private static final Path CHILD_SOCKET_TABLE =
      Path.of("/proc/sys/net/ipv4/tcp_child_ehash_entries");

  /** The calling thread's namespace's table; negative when it is the machine's, shared. */
  private static final Path SOCKET_TABLE = Path.of("/proc/sys/net/ipv4/tcp_ehash_entries");

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  /** Where iproute2 lives when {@code /usr/sbin} is not on a non-root user's PATH. */
  private static final List<String> SYSTEM_BIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

  /** Set on the namespace's thread only: nothing may slow the machine's own loopback. */
  private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

  private PrivateNetwork() {}

  /** Why no private network can be made here; empty when one can. */
  public static Optional<String> unavailableReason() {
    if (!System.getProperty("os.name", "").startsWith("Linux")) {
      return Optional.of("private network namespaces exist on Linux only");
    }
    if (!MachineFacts.probe().root()) {
      return Optional.of(
          "the lab makes its private network namespace with unshare(CLONE_NEWNET) in its own"
              + " process, which needs root (CAP_SYS_ADMIN); without root, run lab in a user"
              + " namespace of its own: unshare -Ur lab run ...");
    }
    if (tool("ip").isEmpty() || tool("tc").isEmpty()) {
      return Optional.of("a private network namespace needs iproute2's ip and tc");
    }
    return Optional.empty();
  }

  /**
   * Runs {@code work} on a new thread in a new network namespace whose loopback is up, and returns
   * what it returns. Check {@link #unavailableReason()} first.
   */
  public static <T> T run(String threadName, Callable<T> work)
      throws LabException, InterruptedException {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        Thread.ofPlatform()
            .name(threadName)
            .start(
                () -> {
                  try {
                    unshareNetwork();
                    withOwnSocketTable();
                    INSIDE.set(true);
                    command("ip", "link", "set", "lo", "up");
                    result.complete(work.call());
                  } catch (Throwable t) {
                    result.completeExceptionally(t);
                  }
                });
    try {
      return result.get();
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case LabException lab -> throw lab;
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        case Throwable other ->
            throw new LabException(
                "in the private network namespace: " + other.getMessage(), other);
      }
    } finally {
      thread.join();
    }
  }

  /**
   * The number of buckets of the calling thread's namespace's own TCP socket table; empty when it
   * shares the table of the namespace it was made from, or when the kernel does not say.
   */
  public static OptionalInt ownSocketTableBuckets() {
    try {
      // A /proc file reports size 0, which Files.readString takes at its word.
      int entries = Integer.parseInt(Files.readAllLines(SOCKET_TABLE).getFirst().strip());
      return entries > 0 ? OptionalInt.of(entries) : OptionalInt.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  /**
   * Moves the thread on into a namespace with a table of its own, made from the fresh one: the
   * setting that sizes a child's table belongs to its parent, and the fresh namespace's copy is
   * ours to change, the machine's never touched. The fresh namespace, empty, goes away. Where the
   * setting is missing or refused, or the second namespace cannot be made, the thread stays where
   * it is: a namespace as private, whose polls walk the machine's table.
   */
  private static void withOwnSocketTable() {
    try {
      Files.writeString(
          CHILD_SOCKET_TABLE, String.valueOf(SOCKET_TABLE_BUCKETS), StandardOpenOption.WRITE);
      unshareNetwork();
    } catch (IOException refused) {
      // Nothing lost but speed.
    }
  }

  /**
   * Slows the namespace's loopback to {@code bitsPerSecond} with a token bucket of {@code
   * burstBytes}: once the bucket is empty, every segment waits its turn in a queue.
   *
   * @return why it was refused, or {@code null}
   */
  static String slowLoopback(int bitsPerSecond, int burstBytes)
      throws IOException, InterruptedException {
    if (!INSIDE.get()) {
      return "slowing loopback needs the lab's private network namespace;"
          + " the machine's own loopback is never touched";
    }
    command(
        "tc",
        "qdisc",
        "add",
        "dev",
        "lo",
        "root",
        "tbf",
        "rate",
        bitsPerSecond + "bit",
        "burst",
        String.valueOf(burstBytes),
        "limit",
        "1000000");
    return null;
  }

  private static void unshareNetwork() throws IOException {
    Libc libc =
        Libc.forModuleOf(PrivateNetwork.class)
            .orElseThrow(() -> new IOException("unshare needs native access"));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      int rc;
      try {
        rc = (int) libc.wordCall("unshare").call(state, CLONE_NEWNET);
      } catch (RuntimeException e) {
        throw new IOException("unshare failed", e);
      }
      if (rc != 0) {
        throw new IOException("unshare(CLONE_NEWNET) failed with errno " + Libc.errno(state));
      }
    }
  }

  /** Runs an iproute2 command; its output becomes the message when it fails. */
  private static void command(String tool, String... args)
      throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    line.add(tool(tool).orElseThrow(() -> new IOException(tool + " is not installed")).toString());
    line.addAll(List.of(args));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    try {
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException(String.join(" ", line) + " did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IOException(String.join(" ", line) + " failed: " + output.strip());
      }
    } finally {
      process.destroyForcibly();
    }
  }

  private static Optional<Path> tool(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(Stream.of(path.split(":")), SYSTEM_BIN.stream())
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
