package dev.jnc.lab.scenario;

import dev.jnc.lab.observe.MachineFacts;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 */
// Restricted methods are the point of this class; the launcher grants native access.
@SuppressWarnings("restricted")
public final class PrivateNetwork {

  private static final int CLONE_NEWNET = 0x40000000;

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
              + " process, which needs root (CAP_SYS_ADMIN)");
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
    Linker linker = Linker.nativeLinker();
    StructLayout capture = Linker.Option.captureStateLayout();
    VarHandle errno = capture.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    MethodHandle unshare =
        linker.downcallHandle(
            linker.defaultLookup().find("unshare").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(capture);
      int rc;
      try {
        rc = (int) unshare.invokeExact(state, CLONE_NEWNET);
      } catch (Throwable t) {
        throw new IOException("unshare failed", t);
      }
      if (rc != 0) {
        throw new IOException(
            "unshare(CLONE_NEWNET) failed with errno " + (int) errno.get(state, 0L));
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
