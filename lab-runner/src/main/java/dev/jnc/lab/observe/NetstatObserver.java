package dev.jnc.lab.observe;

import dev.jnc.core.exec.SearchPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the platform's {@code netstat} for every snapshot and parses its table: the portable
 * fallback where neither netlink nor {@code /proc} exists (Windows, macOS, the BSDs). Each run
 * costs a process start, tens of milliseconds.
 */
public final class NetstatObserver implements SocketObserver {

  private static final long TIMEOUT_SECONDS = 10;

  private final List<String> command;
  private final NetstatParser parser;

  /** Runs {@code command} and reads its output in {@code format}. */
  public NetstatObserver(List<String> command, NetstatFormat format) {
    this.command = List.copyOf(command);
    this.parser = new NetstatParser(format);
  }

  /** Runs this OS's {@code netstat}. */
  public static NetstatObserver forThisOs() {
    NetstatFormat format = NetstatFormat.forThisOs();
    return new NetstatObserver(format.command(), format);
  }

  /**
   * Whether this OS's {@code netstat} is on {@code PATH}: asked before a run, which its absence
   * otherwise ended at the first snapshot, in the JDK's words.
   */
  public static boolean isInstalled() {
    return SearchPath.find(NetstatFormat.forThisOs().command().getFirst()).isPresent();
  }

  @Override
  public Optional<String> whyNoBoundSockets() {
    return Optional.of(
        "netstat is not relied on to list sockets that are only bound (on Linux and Windows it"
            + " never does)");
  }

  @Override
  public String name() {
    return "netstat";
  }

  @Override
  public List<SocketRow> snapshot(int port) throws IOException {
    List<SocketRow> rows = new ArrayList<>();
    List<SocketRow> all;
    try {
      all = parser.parse(run());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    for (SocketRow row : all) {
      if (row.involves(port)) {
        rows.add(row);
      }
    }
    return rows;
  }

  private String run() throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (InputStream out = process.getInputStream()) {
      process.getOutputStream().close();
      // Read on another thread so a hung netstat cannot hold the caller past the timeout.
      CompletableFuture<byte[]> output =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return out.readAllBytes();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              task -> Thread.ofVirtual().name("jnc-netstat-reader").start(task));
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IOException(String.join(" ", command) + " did not finish in 10 s");
      }
      String text = new String(output.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), charset());
      if (process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", command)
                + " exited with "
                + process.exitValue()
                + ": "
                + text.strip());
      }
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.getFirst(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot read the output of " + command.getFirst(), e);
    } finally {
      process.destroy();
    }
  }

  private static Charset charset() {
    String encoding = System.getProperty("native.encoding");
    return encoding == null ? Charset.defaultCharset() : Charset.forName(encoding);
  }
}
