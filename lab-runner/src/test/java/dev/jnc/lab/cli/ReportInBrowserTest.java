package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.lab.Lab;
import dev.jnc.lab.record.Transition;
import dev.jnc.lab.report.JsonLinesReader;
import dev.jnc.lab.report.PathMapper;
import dev.jnc.lab.report.RecordedRun;
import dev.jnc.lab.scenario.Scenarios;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a person sees it: headless Chromium (Debian's {@code chromium}) loads the
 * file, and the rendered page must hold the diagram drawn from the data the page carries.
 */
@Timeout(240)
class ReportInBrowserTest {

  /**
   * Where to keep the screenshots, for the README's pictures: {@code -Dlab.reportScreenshots=docs}
   * (relative to the project root) regenerates {@code docs/report-*.png}; unset, they stay in the
   * test's temporary folder.
   */
  private static final String KEEP_SCREENSHOTS = System.getProperty("lab.reportScreenshots", "");

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  /** An edge in the browser's DOM: its id ({@code FROM-TO}) and its kind when taken. */
  private static final Pattern EDGE =
      Pattern.compile("<g class=\"edge(?: taken ([a-z]+))? [a-z-]+\" data-edge=\"([A-Z_0-9-]+)\"");

  @TempDir Path dir;

  @Test
  void handshakeDemoReportRendersItsDiagramWithoutErrors() throws Exception {
    assertReportRenders("handshake-demo", 1);
  }

  @Test
  void allStatesReportRendersItsDiagramWithoutErrors() throws Exception {
    // Six or seven parts: closed only where the observer lists bound sockets.
    assertReportRenders("all-states", Scenarios.ALL_STATES_PARTS.size() - 1);
  }

  private void assertReportRenders(String scenario, int atLeastRuns) throws Exception {
    Optional<Path> chromium = chromium();
    assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install -y chromium)");
    Path report = dir.resolve(scenario + ".html");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Lab.run(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "run",
            scenario,
            "--port",
            "0",
            "--report",
            report.toString(),
            "--lang",
            "en");
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();

    Browser dom = run(chromium.get(), "--dump-dom", report);
    Path png = screenshotPath(scenario);
    Browser shot = run(chromium.get(), "--screenshot=" + png, report);

    // The DOM as the browser built it, not the file as written.
    String page = dom.stdout();
    assertThat(page).contains("<svg").contains("class=\"tcp-diagram\"");
    assertThat(count(page, "<g class=\"state ")).isEqualTo(11);
    assertThat(distinct(page, "data-state=\"([A-Z_0-9]+)\"")).hasSize(11);
    List<RecordedRun> data = JsonLinesReader.read(new StringReader(embeddedData(page)));
    assertThat(data).hasSizeGreaterThanOrEqualTo(atLeastRuns).allMatch(RecordedRun::passed);
    assertThat(data).allSatisfy(run -> assertThat(run.transitions()).isNotEmpty());
    int edgesTaken = PathMapper.map(data).takenEdges().size();
    assertThat(count(page, "<g class=\"edge taken ")).isEqualTo(edgesTaken).isPositive();
    assertTakenEdgesMatchTheRecordedTransitions(page, data);
    assertThat(page).doesNotContain("src=\"http").doesNotContain("href=\"http");

    for (Browser browser : List.of(dom, shot)) {
      assertThat(browser.stderr().lines().filter(l -> l.contains(":CONSOLE"))).isEmpty();
      assertThat(browser.exitCode()).isZero();
    }
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1100);
    assertThat(nonWhiteShare(image)).isGreaterThan(0.03);
  }

  /**
   * Checks the highlighted edges against the run's own data, without the mapper that drew them:
   * every recorded change between two states joined by an edge of the figure lights that edge as
   * observed, and the highlighted edges are numbered 1 to n. (The count itself also includes edges
   * inferred between samples, which only the mapper knows; the caller compares it with the mapper.)
   */
  private static void assertTakenEdgesMatchTheRecordedTransitions(
      String page, List<RecordedRun> data) {
    Map<String, String> kindById = new LinkedHashMap<>();
    Matcher m = EDGE.matcher(page);
    while (m.find()) {
      kindById.put(m.group(2), m.group(1) == null ? "" : m.group(1));
    }
    assertThat(kindById).as("edges in the drawing").isNotEmpty();
    Set<String> recorded = new LinkedHashSet<>();
    for (RecordedRun run : data) {
      for (Transition t : run.transitions()) {
        if (t.from() != null && t.to() != null && t.from() != t.to()) {
          recorded.add(t.from().name() + "-" + t.to().name());
        }
      }
    }
    List<String> direct = recorded.stream().filter(kindById::containsKey).toList();
    assertThat(direct).as("recorded changes along an edge of the figure").isNotEmpty();
    for (String id : direct) {
      assertThat(kindById.get(id)).as("edge %s", id).isIn("observed", "abort");
    }
    long taken = kindById.values().stream().filter(k -> !k.isEmpty()).count();
    assertThat(taken).isGreaterThanOrEqualTo(direct.size());
    List<Integer> numbers =
        every(
                page,
                "<g class=\"edge taken [^\"]*\" data-edge=\"[A-Z_0-9-]+\" data-number=\"(\\d+)\"")
            .stream()
            .map(Integer::valueOf)
            .sorted()
            .toList();
    assertThat(numbers).isEqualTo(IntStream.rangeClosed(1, (int) taken).boxed().toList());
  }

  private Path screenshotPath(String scenario) throws IOException {
    if (KEEP_SCREENSHOTS.isBlank()) {
      return dir.resolve(scenario + ".png");
    }
    Path folder = ROOT.resolve(KEEP_SCREENSHOTS);
    Files.createDirectories(folder);
    return folder.resolve("report-" + scenario + ".png").toAbsolutePath();
  }

  private record Browser(int exitCode, String stdout, String stderr) {}

  private Browser run(Path chromium, String action, Path page) throws Exception {
    Path profile = Files.createTempDirectory(dir, "profile");
    Path stdout = dir.resolve("stdout-" + profile.getFileName());
    Path stderr = dir.resolve("stderr-" + profile.getFileName());
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0",
                "--hide-scrollbars",
                "--window-size=1100,1500",
                action,
                page.toUri().toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
      return new Browser(
          process.exitValue(),
          Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  private static Optional<Path> chromium() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .flatMap(d -> Stream.of(Path.of(d, "chromium"), Path.of(d, "chromium-browser")))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static String embeddedData(String page) {
    Matcher m =
        Pattern.compile(
                "<script type=\"application/json\" id=\"lab-data\">(.*?)</script>", Pattern.DOTALL)
            .matcher(page);
    assertThat(m.find()).as("the report carries its data").isTrue();
    return m.group(1).replace("<\\/", "</");
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }

  private static List<String> every(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static List<String> distinct(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      if (!found.contains(m.group(1))) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  private static double nonWhiteShare(BufferedImage image) {
    long nonWhite = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        if (rgb != 0xffffff) {
          nonWhite++;
        }
      }
    }
    return (double) nonWhite / ((long) image.getWidth() * image.getHeight());
  }
}
