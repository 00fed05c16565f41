package dev.jnc.core.io;

import dev.jnc.core.NcException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes the traffic of one connection as nc 1.10's {@code -o} hex dump: {@code >} for bytes sent,
 * {@code <} for bytes received, a separate offset per direction, and a new line for every chunk, so
 * the dump shows how the data was cut into reads and writes.
 *
 * <pre>
 * &gt; 00000000 47 45 54 20 2f 20 48 54 54 50 2f 31 2e 30 0d 0a # GET / HTTP/1.0..
 * &lt; 00000000 48 54 54 50 2f 31 2e 30 20 32 30 30 20 4f 4b 0d # HTTP/1.0 200 OK.
 * </pre>
 */
public final class HexDumpWriter {

  private static final int BYTES_PER_LINE = 16;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** Marker, space, 8 offset digits, space, 16 times "hh ", then "# " and 16 characters. */
  private static final int LINE_LENGTH = 2 + 8 + 1 + BYTES_PER_LINE * 3 + 2 + BYTES_PER_LINE + 1;

  /**
   * The text of up to 1,024 lines (80 KiB), written before the next: a buffer of the whole chunk's
   * text, made for every chunk, was five times the chunk (a 100 MiB run peaked at 152 MB, 47 MB
   * without -o) and ran a small heap out of memory.
   */
  private final ByteBuffer text = ByteBuffer.allocate(1024 * LINE_LENGTH);

  /** {@code S_ISVTX | S_IWOTH}: /tmp's mode bits that make it shared. */
  private static final int STICKY_AND_WRITABLE_BY_ALL = 01002;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private final WritableByteChannel sink;
  private long sentOffset;
  private long receivedOffset;

  public HexDumpWriter(WritableByteChannel sink) {
    this.sink = sink;
  }

  /**
   * Creates {@code file} for a dump, readable by its owner only (the dump holds the traffic), or
   * truncates an existing one and leaves its mode alone, as nc does: setting 0600 on whatever the
   * name was made {@code /dev/null} unusable for everyone but root after {@code sudo jnc -o
   * /dev/null}. A symbolic link is followed, so that {@code /dev/stderr} and a shell's {@code
   * >(...)} work, except when the name itself is a link that another user left in a shared sticky
   * folder such as {@code /tmp}: the rule of the kernel's {@code fs.protected_symlinks}, which is
   * off where systemd does not turn it on, and then such a link led root's dump onto root's own
   * files. Links earlier in the path, or chained, are left to the kernel.
   *
   * @throws NcException a usage error naming the file, when it cannot be opened for writing
   */
  public static FileChannel openFile(Path file) throws NcException {
    if (file.toString().isEmpty()) {
      // The empty path is the working folder to the JDK, which made this "Is a directory".
      throw NcException.usage("cannot write hex dump to '': No such file or directory");
    }
    try {
      if (plantedByAnother(file)) {
        throw NcException.usage(
            "cannot write hex dump to "
                + file
                + ": a symbolic link of another user in a shared folder");
      }
      FileAttribute<?>[] ownerOnly =
          FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
              ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
              : new FileAttribute<?>[0];
      return FileChannel.open(
          file,
          Set.of(
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING),
          ownerOnly);
    } catch (NcException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      throw NcException.usage("cannot write hex dump to " + file + ": " + FileErrorReason.of(e));
    }
  }

  /**
   * Whether {@code file} is a symbolic link in a sticky folder that anyone may write to, owned
   * neither by us nor by the folder's owner: what {@code fs.protected_symlinks} refuses to follow.
   */
  private static boolean plantedByAnother(Path file) throws IOException {
    if (!Files.isSymbolicLink(file)) {
      return false;
    }
    try {
      Path folder = file.toAbsolutePath().getParent();
      int folderMode = (int) Files.getAttribute(folder, "unix:mode");
      boolean sharedSticky =
          (folderMode & STICKY_AND_WRITABLE_BY_ALL) == STICKY_AND_WRITABLE_BY_ALL;
      if (!sharedSticky) {
        return false;
      }
      Object linkOwner = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      return !linkOwner.equals(Files.getAttribute(folder, "unix:uid"))
          && !linkOwner.equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // No "unix" view (not Unix): no sticky folders to be planted in either.
      return false;
    }
  }

  /** Dumps the remaining bytes of {@code chunk} as sent, without consuming them. */
  public void sent(ByteBuffer chunk) throws IOException {
    sentOffset = dump((byte) '>', sentOffset, chunk);
  }

  /** Dumps the remaining bytes of {@code chunk} as received, without consuming them. */
  public void received(ByteBuffer chunk) throws IOException {
    receivedOffset = dump((byte) '<', receivedOffset, chunk);
  }

  private synchronized long dump(byte marker, long offset, ByteBuffer chunk) throws IOException {
    int start = chunk.position();
    int length = chunk.remaining();
    if (length == 0) {
      return offset;
    }
    int lines = (length + BYTES_PER_LINE - 1) / BYTES_PER_LINE;
    for (int line = 0; line < lines; line++) {
      if (text.remaining() < LINE_LENGTH) {
        flush();
      }
      int from = start + line * BYTES_PER_LINE;
      int count = Math.min(BYTES_PER_LINE, length - line * BYTES_PER_LINE);
      long lineOffset = offset + (long) line * BYTES_PER_LINE;
      text.put(marker).put((byte) ' ');
      for (int shift = 28; shift >= 0; shift -= 4) {
        text.put(HEX[(int) (lineOffset >>> shift) & 0xf]);
      }
      text.put((byte) ' ');
      for (int i = 0; i < BYTES_PER_LINE; i++) {
        if (i < count) {
          int b = chunk.get(from + i) & 0xff;
          text.put(HEX[b >>> 4]).put(HEX[b & 0xf]).put((byte) ' ');
        } else {
          text.put((byte) ' ').put((byte) ' ').put((byte) ' ');
        }
      }
      text.put((byte) '#').put((byte) ' ');
      for (int i = 0; i < count; i++) {
        byte b = chunk.get(from + i);
        text.put(b >= 0x20 && b <= 0x7e ? b : (byte) '.');
      }
      text.put((byte) '\n');
    }
    flush();
    return offset + length;
  }

  private void flush() throws IOException {
    text.flip();
    try {
      while (text.hasRemaining()) {
        sink.write(text);
      }
    } catch (IOException e) {
      // Else the user read only "No space left on device", with no word of which output.
      throw new IOException("cannot write hex dump: " + e.getMessage(), e);
    } finally {
      text.clear();
    }
  }
}
