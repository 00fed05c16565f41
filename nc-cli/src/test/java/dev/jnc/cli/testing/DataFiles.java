package dev.jnc.cli.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/** Random input, the SHA-256 of files, and whole outputs read, for byte-exact transfer checks. */
public final class DataFiles {

  private DataFiles() {}

  /** Writes {@code size} reproducible random bytes to {@code file} and returns their SHA-256. */
  public static String writeRandom(Path file, long seed, long size) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    MessageDigest digest = newDigest();
    byte[] chunk = new byte[1024 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        int n = (int) Math.min(left, chunk.length);
        random.nextBytes(chunk);
        digest.update(chunk, 0, n);
        out.write(chunk, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** {@code size} reproducible random bytes. */
  public static byte[] random(long seed, int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  /**
   * Reads {@code in} to its end on a thread of its own, so that the test can go on feeding the
   * process that writes it.
   */
  public static CompletableFuture<byte[]> readAllInBackground(InputStream in) {
    CompletableFuture<byte[]> all = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                all.complete(in.readAllBytes());
              } catch (IOException e) {
                all.completeExceptionally(e);
              }
            });
    return all;
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest digest = newDigest();
    byte[] chunk = new byte[1024 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(chunk)) > 0) {
        digest.update(chunk, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
