package dev.jnc.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.scenario.Scenario;
import dev.jnc.lab.scenario.Scenarios;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The archive {@code ./mvnw package} built, unpacked somewhere else and used as a user would. */
@Timeout(120)
class DistributionIT {

  private static final String ARCHIVE = System.getProperty("dist.archive");

  /** How a line of the JVM's class+load log ("NAME source: WHERE") ends for a cached class. */
  private static final String FROM_THE_CACHE = " source: shared objects file";

  @TempDir static Path unpacked;

  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Output tar = run(unpacked, "tar", "xzf", ARCHIVE + ".tar.gz", "-C", unpacked.toString());
    assertThat(tar.exit()).as("tar: %s", tar.text()).isZero();
    try (var top = Files.list(unpacked)) {
      home = top.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    assertThat(home.getFileName().toString()).startsWith("jnc-");
  }

  @Test
  void theLayoutHasLaunchersJarsManPagesCompletionReadmeAndLicense() {
    for (String file :
        List.of(
            "bin/jnc",
            "bin/jnc-aot",
            "bin/lab",
            "bin/jnc.cmd",
            "bin/lab.cmd",
            "man/man1/jnc.1",
            "man/man1/lab.1",
            "completion/jnc.bash",
            "completion/lab.bash",
            "completion/jnc.zsh",
            "completion/lab.zsh",
            "README.md",
            "INSTALL.md",
            "LICENSE")) {
      assertThat(home.resolve(file)).as(file).isRegularFile();
    }
    assertThat(home.resolve("bin/jnc")).isExecutable();
    assertThat(home.resolve("bin/jnc-aot")).isExecutable();
    assertThat(home.resolve("bin/lab")).isExecutable();
    assertThat(home.resolve("lib").toFile().list())
        .anyMatch(n -> n.startsWith("nc-cli-"))
        .anyMatch(n -> n.startsWith("lab-runner-"))
        .anyMatch(n -> n.startsWith("picocli-"))
        .anyMatch(n -> n.startsWith("jline-"));
  }

  /** The README and the docs travel in the archive: every file they link to travels with them. */
  @Test
  void everyRelativeLinkOfTheShippedDocsResolvesInTheArchive() throws IOException {
    Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    List<Path> documents =
        new ArrayList<>(List.of(home.resolve("README.md"), home.resolve("INSTALL.md")));
    try (Stream<Path> docs = Files.list(home.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(documents::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path document : documents) {
      Matcher m = link.matcher(Files.readString(document));
      while (m.find()) {
        String target = m.group(1);
        if (!target.contains("://") && !Files.exists(document.resolveSibling(target))) {
          broken.add(home.relativize(document) + " -> " + target);
        }
      }
    }
    assertThat(documents).hasSizeGreaterThan(2);
    assertThat(broken).isEmpty();
  }

  @Test
  void theZipHoldsTheSameTree() throws IOException {
    try (ZipFile zip = new ZipFile(ARCHIVE + ".zip")) {
      List<String> names = zip.stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .anyMatch(n -> n.endsWith("/bin/jnc.cmd"))
          .anyMatch(n -> n.endsWith("/man/man1/lab.1"))
          .anyMatch(n -> n.endsWith("/completion/lab.bash"))
          .anyMatch(n -> n.matches(".*/lib/nc-core-.*\\.jar"));
    }
  }

  /**
   * Each folder has an entry of its own in the tar, open to all: tar made the top folder, bin/ and
   * man/ (which had none) under the unpacking user's umask, and under umask 077 no other user could
   * run bin/jnc.
   */
  @Test
  void everyFolderUnpacksOpenToAllUnderAStrictUmask(@TempDir Path strict) throws Exception {
    Output tar =
        run(
            strict,
            "sh",
            "-c",
            "umask 077 && tar -xpzf \"$0\" -C \"$1\"",
            ARCHIVE + ".tar.gz",
            strict.toString());
    assertThat(tar.exit()).as("tar: %s", tar.text()).isZero();
    List<String> closed = new ArrayList<>();
    try (Stream<Path> tree = Files.walk(strict)) {
      for (Path folder : tree.filter(Files::isDirectory).filter(p -> !p.equals(strict)).toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(folder));
        if (!mode.equals("rwxr-xr-x")) {
          closed.add(strict.relativize(folder) + " " + mode);
        }
      }
    }
    assertThat(closed).isEmpty();
  }

  /**
   * Unpacked into a folder named beyond ASCII and run under the C locale (env -i, as in many
   * containers): the JVM read its class path as ASCII, and every class its cache did not hold was
   * not found, so a refused connection was a stack trace; so under a locale the machine does not
   * have. The name is made by the shell from octal escapes: this test's own JVM may run under the C
   * locale too.
   */
  @Test
  void aFolderNamedBeyondAsciiRunsUnderTheCLocale(@TempDir Path parent) throws Exception {
    int closedPort;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = gone.getLocalPort();
    }
    String script =
        String.join(
            "\n",
            "folder=\"$1/$(printf 'Gr\\303\\274\\303\\237e')\"",
            "mkdir \"$folder\" && tar xzf \"$2\" -C \"$folder\" || exit 99",
            // Unset, and a locale this machine does not have (LANG brought over ssh): both ASCII.
            "for locale in LANG= LANG=xx_YY.UTF-8; do",
            "  env -i PATH=/usr/bin:/bin \"$locale\" \"$folder\"/jnc-*/bin/jnc 127.0.0.1 \"$3\"",
            "  echo \"exit $?\"",
            "done");
    Output refused =
        run(
            parent,
            "sh",
            "-c",
            script,
            "sh",
            parent.toString(),
            ARCHIVE + ".tar.gz",
            Integer.toString(closedPort));
    String line =
        "jnc: connect to 127.0.0.1 port " + closedPort + " (tcp) failed: Connection refused";
    assertThat(refused.text().lines()).containsExactly(line, "exit 1", line, "exit 1");
  }

  /** Java's class path cannot hold a folder with ':' in its name: one line says so. */
  @Test
  void aFolderWithAColonInItsNameIsRefusedInOneLine(@TempDir Path parent) throws Exception {
    Path folder = Files.createDirectory(parent.resolve("a:b"));
    Output tar = run(parent, "tar", "xzf", ARCHIVE + ".tar.gz", "-C", folder.toString());
    assertThat(tar.exit()).as("tar: %s", tar.text()).isZero();
    Path copy = folder.resolve(home.getFileName());
    Output jnc = run(parent, copy.resolve("bin/jnc").toString(), "-h");
    assertThat(jnc.text().lines())
        .containsExactly(
            "jnc: cannot run from "
                + copy
                + ": Java cannot take a folder with ':' in its name onto its class path; move or"
                + " rename it");
    assertThat(jnc.exit()).isEqualTo(2);
  }

  /**
   * Unpacked over an older copy, lib/ holds two versions of a jar, and the JVM took classes from
   * either: the launchers refuse such a lib/ in one line.
   */
  @Test
  void twoVersionsOfAJarInLibAreRefused(@TempDir Path parent) throws Exception {
    Output tar = run(parent, "tar", "xzf", ARCHIVE + ".tar.gz", "-C", parent.toString());
    assertThat(tar.exit()).as("tar: %s", tar.text()).isZero();
    Path lib = parent.resolve(home.getFileName()).resolve("lib");
    Files.copy(onlyJar("jackson-core-"), lib.resolve("jackson-core-2.0.0.jar"));
    for (String tool : List.of("jnc", "lab")) {
      Output refused = run(parent, lib.resolveSibling("bin/" + tool).toString(), "--help");
      assertThat(refused.text().lines())
          .containsExactly(
              tool
                  + ": "
                  + lib
                  + " holds two versions of jackson-core, as when an archive is unpacked over an"
                  + " older one: unpack it into an empty folder");
      assertThat(refused.exit()).isEqualTo(2);
    }
  }

  @Test
  void unpackedJncPrintsHelpAndVersion() throws Exception {
    Output help = run(unpacked, home.resolve("bin/jnc").toString(), "-h");
    assertThat(help.exit()).as(help.text()).isZero();
    assertThat(help.text()).contains("listen mode, for inbound connects").contains("Exit status:");

    Output version = run(unpacked, home.resolve("bin/jnc").toString(), "--version");
    assertThat(version.exit()).isZero();
    assertThat(version.text().lines().toList())
        .hasSize(3)
        .satisfies(l -> assertThat(l.get(0)).matches("jnc \\d+\\.\\d+\\.\\d+.*"))
        .satisfies(l -> assertThat(l.get(1)).startsWith("JDK " + Runtime.version().feature()))
        .satisfies(l -> assertThat(l.get(2)).startsWith("OS " + System.getProperty("os.name")));
  }

  /**
   * Installed where a folder's name has a space (the cache's path was split in two), and reached
   * through a link to its bin folder ({@code ~/bin -> .../bin}: the launchers looked for the jars
   * beside the link).
   */
  @ParameterizedTest
  @ValueSource(strings = {"jnc", "lab"})
  void theLaunchersStartFromAFolderWithASpaceAndThroughALinkedBin(String tool) throws Exception {
    Path spaced = Files.createSymbolicLink(unpacked.resolve("with space " + tool), home);
    Path links = Files.createDirectories(unpacked.resolve("links-" + tool));
    Path bin = Files.createSymbolicLink(links.resolve("bin"), home.resolve("bin"));

    for (Path launcher : List.of(spaced.resolve("bin").resolve(tool), bin.resolve(tool))) {
      Output help = run(unpacked, launcher.toString(), "--help");
      assertThat(help.exit()).as("%s: %s", launcher, help.text()).isZero();
      assertThat(help.text()).as("%s", launcher).contains("Usage:");
    }
  }

  @Test
  void unpackedJncStartsFromTheAotCacheMadeAtPackageTime() throws Exception {
    Assumptions.assumeFalse(Boolean.getBoolean("jnc.aot.skip"), "packaged with -Djnc.aot.skip");
    assertThat(home.resolve("lib/jnc.aot")).isRegularFile();
    // The cache refuses Java 5 class files: the archive carries picocli compiled for Java 25.
    try (ZipFile picocli = new ZipFile(onlyJar("picocli-").toFile())) {
      byte[] header =
          picocli.getInputStream(picocli.getEntry("picocli/CommandLine.class")).readNBytes(8);
      int major = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      assertThat(major).as("class file version of picocli.CommandLine").isGreaterThanOrEqualTo(69);
    }
    List<String> help = classesFromTheCache(home, unpacked.resolve("class-load.log"), 0, "-h");
    assertThat(help).contains("dev.jnc.cli.Jnc", "picocli.CommandLine");
    // A probe starts from lib/jnc-probe.aot, which holds fewer classes, each loaded at start.
    assertThat(home.resolve("lib/jnc-probe.aot")).isRegularFile();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(
              classesFromTheCache(
                  home,
                  unpacked.resolve("class-load-probe.log"),
                  0,
                  "-z",
                  "127.0.0.1",
                  Integer.toString(server.getLocalPort())))
          .contains("dev.jnc.cli.Jnc", "dev.jnc.core.scan.TcpProbe")
          .hasSizeLessThan(help.size() - 200);
    }
    // The listening end as well, which starts first in every transfer: here it gives up after -w.
    assertThat(listenerClassesFromTheCache("-l")).contains("dev.jnc.core.tcp.TcpAcceptor");
    // And a UDP listener's, whose training bin/jnc replays as a UDP listener starts.
    assertThat(listenerClassesFromTheCache("-u", "-l")).contains("dev.jnc.core.udp.UdpSession");
  }

  /** The classes from the cache of a {@code jnc MODE... -s 127.0.0.1 -p 0 -w 1}, which gives up. */
  private static List<String> listenerClassesFromTheCache(String... mode) throws Exception {
    List<String> args = new ArrayList<>(List.of(mode));
    args.addAll(List.of("-s", "127.0.0.1", "-p", "0", "-w", "1"));
    Path log = unpacked.resolve("class-load" + String.join("", mode) + ".log");
    return classesFromTheCache(home, log, 1, args.toArray(String[]::new));
  }

  @Test
  void aBulkSendFromAPipeTakesItsClassesFromTheCache() throws Exception {
    Assumptions.assumeFalse(Boolean.getBoolean("jnc.aot.skip"), "packaged with -Djnc.aot.skip");
    long bytes = 4 * 1024 * 1024;
    Path log = unpacked.resolve("class-load-bulk.log");
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Long> received =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket peer = server.accept()) {
                  return peer.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      // More than a default pipe holds, so the pipe is grown.
      Output jnc =
          run(
              unpacked,
              Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log),
              "sh",
              "-c",
              "head -c " + bytes + " /dev/zero | exec \"$0\" 127.0.0.1 \"$1\"",
              home.resolve("bin/jnc").toString(),
              Integer.toString(server.getLocalPort()));
      assertThat(jnc.exit()).as(jnc.text()).isZero();
      assertThat(received.get(60, TimeUnit.SECONDS)).as("bytes the peer got").isEqualTo(bytes);
    }
    assertThat(classesFromTheCache(log)).contains("dev.jnc.cli.StdinPipeGrowth");
    // All of ours. Not a list of the JDK's: which of those a send loads depends on timing (whether
    // the reader ever waits for room).
    assertThat(Files.readAllLines(log))
        .as("our classes that the bulk send loaded")
        .filteredOn(line -> line.contains("] dev.jnc."))
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).endsWith(FROM_THE_CACHE));
  }

  @Test
  void anotherJdkBuildStartsWithItsOwnSharingAndJncAotMakesItACache(@TempDir Path elsewhere)
      throws Exception {
    Assumptions.assumeFalse(Boolean.getBoolean("jnc.aot.skip"), "packaged with -Djnc.aot.skip");
    Path copy = elsewhere.resolve(home.getFileName());
    for (String dir : List.of("bin", "lib")) {
      Files.createDirectories(copy.resolve(dir));
      try (var files = Files.list(home.resolve(dir))) {
        for (Path file : files.toList()) {
          Files.copy(
              file,
              copy.resolve(dir).resolve(file.getFileName()),
              StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Files.writeString(
        copy.resolve("lib/jnc.aot.jdk"),
        "IMPLEMENTOR=\"Elsewhere\" JAVA_RUNTIME_VERSION=\"25.0.0+1\" \n");
    Output help = run(elsewhere, copy.resolve("bin/jnc").toString(), "-h");
    assertThat(help.exit()).as(help.text()).isZero();
    assertThat(help.text())
        .startsWith("Usage:")
        .doesNotContain("[error]")
        .doesNotContain("[warning]");
    // The JDK's own archive still serves its classes; ours come from the jars.
    assertThat(classesFromTheCache(copy, elsewhere.resolve("before.log"), 0, "-h"))
        .contains("java.lang.Object")
        .doesNotContain("dev.jnc.cli.Jnc");

    Output made = run(elsewhere, copy.resolve("bin/jnc-aot").toString());
    assertThat(made.exit()).as(made.text()).isZero();
    assertThat(made.text()).startsWith("jnc-aot: made " + copy.resolve("lib/jnc.aot"));
    assertThat(classesFromTheCache(copy, elsewhere.resolve("after.log"), 0, "-h"))
        .contains("dev.jnc.cli.Jnc", "picocli.CommandLine");
  }

  /**
   * The classes {@code jnc ARGS} from the distribution at {@code dist}, ending with {@code exit},
   * took from an AOT cache.
   */
  private static List<String> classesFromTheCache(Path dist, Path log, int exit, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(dist.resolve("bin/jnc").toString()));
    command.addAll(List.of(args));
    Output jnc =
        run(
            dist.getParent(),
            Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log),
            command.toArray(String[]::new));
    assertThat(jnc.exit()).as(jnc.text()).isEqualTo(exit);
    return classesFromTheCache(log);
  }

  /** The classes a JVM's {@code class+load} log at {@code log} says came from an AOT cache. */
  private static List<String> classesFromTheCache(Path log) throws IOException {
    return Files.readAllLines(log).stream()
        .filter(line -> line.endsWith(FROM_THE_CACHE))
        .map(line -> line.substring(0, line.length() - FROM_THE_CACHE.length()))
        .map(line -> line.substring(line.lastIndexOf(' ') + 1))
        .toList();
  }

  private static Path onlyJar(String prefix) throws IOException {
    try (var jars = Files.list(home.resolve("lib"))) {
      List<Path> matching =
          jars.filter(jar -> jar.getFileName().toString().startsWith(prefix)).toList();
      assertThat(matching).as("lib/%s*", prefix).hasSize(1);
      return matching.getFirst();
    }
  }

  @Test
  void unpackedLabStartsFromItsAotCacheMadeAtPackageTime() throws Exception {
    Assumptions.assumeFalse(Boolean.getBoolean("jnc.aot.skip"), "packaged with -Djnc.aot.skip");
    assertThat(home.resolve("lib/lab.aot")).isRegularFile();
    Path log = unpacked.resolve("class-load-lab.log");
    Output list =
        run(
            unpacked,
            Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log),
            home.resolve("bin/lab").toString(),
            "list");
    assertThat(list.exit()).as(list.text()).isZero();

    assertThat(classesFromTheCache(log)).contains("dev.jnc.lab.Lab", "picocli.CommandLine");
    assertThat(Files.readAllLines(log))
        .as("lab's and picocli's classes that lab list loaded")
        .filteredOn(line -> line.contains("] dev.jnc.") || line.contains("] picocli."))
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).endsWith(FROM_THE_CACHE));
  }

  @Test
  void unpackedLabListsItsScenarios() throws Exception {
    Output list = run(unpacked, home.resolve("bin/lab").toString(), "list");
    assertThat(list.exit()).as(list.text()).isZero();
    for (String name : scenarioNames()) {
      assertThat(list.text()).contains(name);
    }
  }

  @Test
  void bashCompletesLabRunWithTheScenarioNames() throws Exception {
    String script =
        String.join(
            "\n",
            "source \"$1\"",
            // The function bash would call, as the script registered it.
            "fn=$(complete -p lab | sed -E 's/.*-F ([^ ]+).*/\\1/')",
            "COMP_WORDS=(lab run '')",
            "COMP_CWORD=2",
            "COMP_LINE='lab run '",
            "COMP_POINT=${#COMP_LINE}",
            "\"$fn\" 2>/dev/null",
            "printf '%s\\n' \"${COMPREPLY[@]}\"");
    Output bash =
        run(unpacked, "bash", "-c", script, "bash", home.resolve("completion/lab.bash").toString());
    assertThat(bash.exit()).as(bash.text()).isZero();
    assertThat(bash.text().lines().toList()).containsExactlyInAnyOrderElementsOf(scenarioNames());
  }

  /** After {@code -v}, which takes no value, come the options: the script offered nothing there. */
  @Test
  void bashCompletesJncsOptionsAfterV() throws Exception {
    String script =
        String.join(
            "\n",
            "source \"$1\"",
            "fn=$(complete -p jnc | sed -E 's/.*-F ([^ ]+).*/\\1/')",
            "COMP_WORDS=(jnc -v -)",
            "COMP_CWORD=2",
            "COMP_LINE='jnc -v -'",
            "COMP_POINT=${#COMP_LINE}",
            "\"$fn\" 2>/dev/null",
            "printf '%s\\n' \"${COMPREPLY[@]}\"");
    Output bash =
        run(unpacked, "bash", "-c", script, "bash", home.resolve("completion/jnc.bash").toString());
    assertThat(bash.exit()).as(bash.text()).isZero();
    assertThat(bash.text().lines().toList()).contains("-z", "-l", "-v", "--no-shutdown");
  }

  @Test
  void zshCompletesLabRunWithTheScenarioNamesThroughBashcompinit() throws Exception {
    Assumptions.assumeTrue(onPath("zsh"), "zsh is not installed");
    // The .zsh script is picocli's bash script, which turns on zsh's compinit and bashcompinit
    // itself. Registered there, it is called as zsh's _bash_complete would: COMP_* set from the
    // words, then bashcompinit's own compgen -F.
    String script =
        String.join(
            "\n",
            "source \"$1\" >/dev/null 2>&1 || { print 'cannot source' \"$1\"; exit 3; }",
            "registration=${(M)${(f)\"$(complete -p)\"}:#* lab}",
            "[[ -n $registration ]] || { print 'lab is not registered'; exit 4; }",
            "fn=${${registration#*-F }%% *}",
            "words=(lab run '')",
            "CURRENT=3",
            "COMP_WORDS=(\"${words[@]}\")",
            "(( COMP_CWORD = CURRENT - 1 ))",
            "COMP_LINE='lab run '",
            "(( COMP_POINT = ${#COMP_LINE} ))",
            "compgen -F \"$fn\" -- ''");
    // compinit writes its dump file in $HOME (or $ZDOTDIR): keep it in the test's directory.
    Output zsh =
        run(
            unpacked,
            Map.of("HOME", unpacked.toString(), "ZDOTDIR", unpacked.toString()),
            "zsh",
            "-f",
            "-c",
            script,
            "zsh",
            home.resolve("completion/lab.zsh").toString());
    assertThat(zsh.exit()).as(zsh.text()).isZero();
    assertThat(zsh.text().lines().toList()).containsExactlyInAnyOrderElementsOf(scenarioNames());
  }

  @Test
  void unpackedJncMovesDataOverLoopbackBothWays() throws Exception {
    byte[] request = new byte[64 * 1024];
    new java.util.Random(8).nextBytes(request);
    Path input = Files.write(unpacked.resolveSibling("dist-request.bin"), request);
    byte[] reply = "the answer\n".getBytes(StandardCharsets.US_ASCII);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<byte[]> received =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket peer = server.accept()) {
                  byte[] got = peer.getInputStream().readAllBytes();
                  peer.getOutputStream().write(reply);
                  return got;
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      Output jnc =
          run(
              unpacked,
              Map.of(),
              input,
              home.resolve("bin/jnc").toString(),
              "127.0.0.1",
              Integer.toString(server.getLocalPort()));
      assertThat(jnc.exit()).as(jnc.text()).isZero();
      assertThat(received.get(60, TimeUnit.SECONDS)).as("what the peer got").isEqualTo(request);
      assertThat(jnc.text())
          .as("jnc's stdout (stderr is empty without -v)")
          .isEqualTo("the answer\n");
    } finally {
      Files.deleteIfExists(input);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jnc", "lab"})
  void manPagesRender(String tool) throws Exception {
    Output man =
        run(
            unpacked,
            "groff",
            "-man",
            "-Tutf8",
            "-P-bou",
            "-Wall",
            home.resolve("man/man1/" + tool + ".1").toString());
    assertThat(man.exit()).as(man.text()).isZero();
    // groff justifies lines with extra blanks: phrases are compared with blanks squeezed.
    assertThat(man.text().replaceAll("\\s+", " "))
        .contains("NAME")
        .contains("SYNOPSIS")
        .contains(
            tool.equals("jnc")
                ? "listen mode, for inbound connects"
                : "Run a scenario on the real kernel and show the TCP states it goes through")
        .contains("EXIT STATUS")
        .doesNotContain("warning")
        // picocli's line breaks in descriptions are read, not printed as they are written.
        .doesNotContain("%n");
    if (tool.equals("lab")) {
      assertThat(man.text()).contains("LAB RUN").contains("LAB LIST").contains("LAB WATCH");
    }
  }

  @Test
  void colourOnlyOnATerminalAndNeverWithNoColor() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "no script(1)");
    for (String tool : List.of("bin/jnc -h", "bin/lab list")) {
      String command = home.resolve(tool.split(" ")[0]) + " " + tool.split(" ")[1];
      Output piped = run(unpacked, Map.of(), "sh", "-c", command);
      // script(1) gives the command a pseudo-terminal for stdin and stdout.
      Output terminal = run(unpacked, Map.of(), "script", "-qec", command, "/dev/null");
      Output noColor =
          run(unpacked, Map.of("NO_COLOR", "1"), "script", "-qec", command, "/dev/null");
      assertThat(piped.text()).as("%s piped", tool).doesNotContain("\u001b[");
      assertThat(terminal.text()).as("%s on a terminal", tool).contains("\u001b[");
      assertThat(noColor.text()).as("%s with NO_COLOR", tool).doesNotContain("\u001b[");
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> scenarioNames() {
    List<String> names = new ArrayList<>(Scenarios.all().stream().map(Scenario::name).toList());
    names.add(Scenarios.ALL_STATES);
    return names;
  }

  private record Output(int exit, String text) {}

  /** Runs a command with stdout and stderr merged, stdin empty; bounded by the test's timeout. */
  private static Output run(Path dir, String... command) throws Exception {
    return run(dir, Map.of(), command);
  }

  private static Output run(Path dir, Map<String, String> env, String... command) throws Exception {
    return run(dir, env, null, command);
  }

  /** As {@link #run(Path, Map, String...)}, with stdin read from {@code stdin} unless null. */
  private static Output run(Path dir, Map<String, String> env, Path stdin, String... command)
      throws Exception {
    Path log = Files.createTempFile(dir.getParent(), "dist-it", ".log");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("NO_COLOR");
    builder.environment().putAll(env);
    Process process =
        builder
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectInput(
                ProcessBuilder.Redirect.from(
                    stdin == null ? new java.io.File("/dev/null") : stdin.toFile()))
            .redirectOutput(log.toFile())
            .start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ends", List.of(command)).isTrue();
      return new Output(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }
}
