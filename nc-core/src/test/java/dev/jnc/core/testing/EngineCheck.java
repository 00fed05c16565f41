package dev.jnc.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Holds every engine test to three rules, checked after the test body: no engine thread died of an
 * uncaught exception, no {@code jnc-*} thread and no socket or selector the test opened outlives
 * the test, and the events of every {@link EventLog} come in the pairs {@link
 * dev.jnc.core.event.NcEvent} promises. Test methods get fresh {@link EventLog}s as parameters.
 *
 * <p>An engine thread that throws would otherwise only print a stack trace while the test passed; a
 * leaked thread or socket would show up later as a port in use or a hang in another test.
 */
public final class EngineCheck implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** How long threads and sockets may take to go after the engine returned. */
  private static final Duration CLEANUP_BOUND = Duration.ofSeconds(5);

  private static final Path OWN_DESCRIPTORS = Path.of("/proc/self/fd");
  private static final Namespace NAMESPACE = Namespace.create(EngineCheck.class);

  /** What one test started with and what went wrong during it. */
  private static final class TestState {
    final Thread.UncaughtExceptionHandler previousHandler;
    final Set<String> channelsBefore;
    final ConcurrentLinkedQueue<Throwable> engineFailures = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<EventLog> logs = new ConcurrentLinkedQueue<>();

    TestState(Thread.UncaughtExceptionHandler previousHandler, Set<String> channelsBefore) {
      this.previousHandler = previousHandler;
      this.channelsBefore = channelsBefore;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TestState state = new TestState(Thread.getDefaultUncaughtExceptionHandler(), openChannels());
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) -> {
          if (isEngineThread(thread)) {
            state.engineFailures.add(
                new AssertionError("engine thread " + thread.getName() + " threw", error));
          } else if (state.previousHandler != null) {
            state.previousHandler.uncaughtException(thread, error);
          } else {
            error.printStackTrace();
          }
        });
    context.getStore(NAMESPACE).put(TestState.class, state);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestState state = context.getStore(NAMESPACE).remove(TestState.class, TestState.class);
    try {
      await("jnc-* threads to end")
          .atMost(CLEANUP_BOUND)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .untilAsserted(
              () ->
                  assertThat(liveEngineThreads())
                      .as("engine threads still alive after the test")
                      .isEmpty());
      await("sockets and selectors opened by the test to be closed")
          .atMost(CLEANUP_BOUND)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .untilAsserted(
              () ->
                  assertThat(openChannels())
                      .as("sockets and selectors left open by the test")
                      .isSubsetOf(state.channelsBefore));
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(state.previousHandler);
    }
    List<Throwable> failures = new ArrayList<>(state.engineFailures);
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError("an engine thread threw", failures.getFirst());
      failures.stream().skip(1).forEach(error::addSuppressed);
      throw error;
    }
    for (EventLog log : state.logs) {
      assertThat(log.unpairedEvents()).as("events without their closing event").isEmpty();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EventLog.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    EventLog log = new EventLog();
    context.getStore(NAMESPACE).get(TestState.class, TestState.class).logs.add(log);
    return log;
  }

  private static boolean isEngineThread(Thread thread) {
    return thread.getName().startsWith("jnc-");
  }

  private static List<String> liveEngineThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && isEngineThread(t))
        .map(Thread::getName)
        .toList();
  }

  /**
   * The sockets and epoll instances (one per {@link java.nio.channels.Selector}) this JVM holds, as
   * {@code "descriptor -> link target"}; empty where there is no {@code /proc}.
   */
  private static Set<String> openChannels() {
    if (!Files.isDirectory(OWN_DESCRIPTORS)) {
      return Set.of();
    }
    Set<String> unixSockets = unixSocketInodes();
    try (Stream<Path> descriptors = Files.list(OWN_DESCRIPTORS)) {
      return descriptors
          .map(fd -> fd.getFileName() + " -> " + linkTarget(fd))
          .filter(entry -> entry.contains("-> socket:") || entry.endsWith("[eventpoll]"))
          .filter(entry -> !unixSockets.contains(entry.substring(entry.indexOf("-> ") + 3)))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + OWN_DESCRIPTORS, e);
    }
  }

  /**
   * Unix sockets as {@code socket:[inode]}. The engine opens none, but the JDK keeps one of its
   * own, made on first use, to close descriptors that another thread is blocked on.
   */
  private static Set<String> unixSocketInodes() {
    try (Stream<String> rows = Files.lines(Path.of("/proc/net/unix"))) {
      return rows.skip(1)
          .map(row -> row.strip().split("\\s+"))
          .filter(fields -> fields.length > 6)
          .map(fields -> "socket:[" + fields[6] + "]")
          .collect(Collectors.toSet());
    } catch (IOException e) {
      return Set.of();
    }
  }

  private static String linkTarget(Path descriptor) {
    try {
      return Files.readSymbolicLink(descriptor).toString();
    } catch (IOException e) {
      // The descriptor was closed between listing and reading: it is not open.
      return "";
    }
  }
}
