package dev.jnc.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.core.NcException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HexDumpWriterTest {

  @TempDir Path dir;

  @Test
  void writesNetcatOneTenFormat() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HexDumpWriter writer = new HexDumpWriter(Channels.newChannel(out));

    writer.sent(latin1("GET / HTTP/1.0\r\n\r\n\0\1\u00fe\u00ff"));
    writer.received(latin1("HTTP/1.0 200 OK\r\n\r\nHello, world!\n\0\u007f\u0080\u00ff"));
    writer.received(latin1("GET / HTTP/1.0\r\n"));

    // The sample in docs and shared/reference/netcat.md, as nc.traditional writes it.
    assertThat(out.toString(StandardCharsets.ISO_8859_1))
        .isEqualTo(
            """
            > 00000000 47 45 54 20 2f 20 48 54 54 50 2f 31 2e 30 0d 0a # GET / HTTP/1.0..
            > 00000010 0d 0a 00 01 fe ff                               # ......
            < 00000000 48 54 54 50 2f 31 2e 30 20 32 30 30 20 4f 4b 0d # HTTP/1.0 200 OK.
            < 00000010 0a 0d 0a 48 65 6c 6c 6f 2c 20 77 6f 72 6c 64 21 # ...Hello, world!
            < 00000020 0a 00 7f 80 ff                                  # .....
            < 00000025 47 45 54 20 2f 20 48 54 54 50 2f 31 2e 30 0d 0a # GET / HTTP/1.0..
            """);
  }

  @Test
  void putsTheHashAtColumnSixtyAndNoTrailingBlanks() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HexDumpWriter writer = new HexDumpWriter(Channels.newChannel(out));
    for (int length = 1; length <= 33; length++) {
      writer.sent(ByteBuffer.allocate(length));
    }
    for (String line : out.toString(StandardCharsets.ISO_8859_1).split("\n")) {
      assertThat(line.indexOf('#')).as(line).isEqualTo(59);
      assertThat(line).as(line).doesNotEndWith(" ");
    }
  }

  @Test
  void leavesTheChunkUnconsumed() throws IOException {
    ByteBuffer chunk = latin1("abc");
    new HexDumpWriter(Channels.newChannel(new ByteArrayOutputStream())).received(chunk);
    assertThat(chunk.remaining()).isEqualTo(3);
  }

  @Test
  void createsTheFileForItsOwnerOnly() throws IOException {
    Path file = dir.resolve("dump.hex");

    try (FileChannel channel = HexDumpWriter.openFile(file)) {
      new HexDumpWriter(channel).sent(latin1("x"));
    }

    assertThat(Files.readString(file))
        .isEqualTo("> 00000000 78                                              # x\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  /**
   * As nc does: the name may be a device or someone's file whose mode is not ours to change ({@code
   * sudo jnc -o /dev/null} made /dev/null 0600).
   */
  @Test
  void truncatesAnExistingFileAndLeavesItsMode() throws IOException {
    Path file = dir.resolve("dump.hex");
    Files.writeString(file, "old contents that must go");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

    try (FileChannel channel = HexDumpWriter.openFile(file)) {
      new HexDumpWriter(channel).sent(latin1("x"));
    }

    assertThat(Files.readString(file)).startsWith("> 00000000 78 ");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-rw-rw-");
  }

  /** As nc does, so that {@code -o /dev/stderr} and {@code -o >(...)} work. */
  @Test
  void followsASymbolicLink() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "old contents that must go");
    Path link = Files.createSymbolicLink(dir.resolve("dump.hex"), target);

    try (FileChannel channel = HexDumpWriter.openFile(link)) {
      new HexDumpWriter(channel).received(latin1("y"));
    }

    assertThat(Files.readString(target)).startsWith("< 00000000 79 ");
  }

  /**
   * What fs.protected_symlinks refuses, refused here too where the kernel does not (it is off
   * unless systemd turns it on): another user's link in a shared sticky folder such as /tmp.
   */
  @Test
  void refusesALinkAnotherUserLeftInASharedStickyFolder() throws IOException {
    assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root to own a link as nobody");
    Path shared = Files.createDirectories(dir.resolve("tmp"));
    Files.setAttribute(shared, "unix:mode", 01777);
    Path target = Files.writeString(dir.resolve("precious"), "keep me");
    Path planted = Files.createSymbolicLink(shared.resolve("dump.hex"), target);
    Files.setAttribute(planted, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);

    assertThatThrownBy(() -> HexDumpWriter.openFile(planted))
        .isInstanceOfSatisfying(
            NcException.class, e -> assertThat(e.kind()).isEqualTo(NcException.Kind.USAGE))
        .hasMessage(
            "cannot write hex dump to "
                + planted
                + ": a symbolic link of another user in a shared folder");
    assertThat(Files.readString(target)).isEqualTo("keep me");

    Path ours = Files.createSymbolicLink(shared.resolve("ours.hex"), target);
    HexDumpWriter.openFile(ours).close();
    assertThat(Files.readString(target)).isEmpty();
  }

  @Test
  void anUnwritablePathIsAUsageError() {
    Path missing = dir.resolve("no/such/dir/dump.hex");
    assertThatThrownBy(() -> HexDumpWriter.openFile(missing))
        .isInstanceOfSatisfying(
            NcException.class, e -> assertThat(e.kind()).isEqualTo(NcException.Kind.USAGE))
        .hasMessage("cannot write hex dump to " + missing + ": No such file or directory");
  }

  @Test
  void aDumpTheDiskRefusesSaysItIsTheDump() throws IOException {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs /dev/full");
    try (FileChannel sink = FileChannel.open(full, StandardOpenOption.WRITE)) {
      HexDumpWriter dump = new HexDumpWriter(sink);

      assertThatThrownBy(() -> dump.received(latin1("hello\n")))
          .isInstanceOf(IOException.class)
          .hasMessage("cannot write hex dump: No space left on device");
    }
  }

  private static ByteBuffer latin1(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }
}
