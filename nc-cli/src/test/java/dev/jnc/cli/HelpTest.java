package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HelpTest {

  @Test
  void helpGroupsOptionsByTaskEachWithAnExampleAndListsExitCodes() {
    JncResult result = JncResult.run("-h");
    assertThat(result.exit()).isZero();
    List<String> lines = result.out().lines().toList();
    List<String> headings =
        lines.stream().filter(l -> l.matches("^[a-z]+: +e\\.g\\. jnc .*")).toList();
    assertThat(headings)
        .extracting(l -> l.substring(0, l.indexOf(':')))
        .containsExactly("connect", "listen", "scan", "data", "output");
    assertThat(section(lines, "listen:")).anyMatch(l -> l.trim().startsWith("-l "));
    assertThat(section(lines, "scan:")).anyMatch(l -> l.trim().startsWith("-z "));
    assertThat(section(lines, "data:")).anyMatch(l -> l.trim().startsWith("-c "));
    assertThat(section(lines, "output:"))
        .anyMatch(l -> l.trim().startsWith("-v "))
        .anyMatch(l -> l.trim().startsWith("+ --progress "))
        .anyMatch(l -> l.trim().startsWith("+ --no-history "));
    assertThat(result.out())
        .contains("Exit status:")
        .containsPattern("(?m)^  2 +bad usage")
        .containsPattern("(?m)^  130 +interrupted with Ctrl-C")
        .containsPattern("(?m)^  143 +stopped with kill")
        .containsPattern("(?m)^  other +with -e, the program's own status");
  }

  @Test
  void helpMarksEachOptionClassicOrModernAndListsBothGroups() throws IOException {
    List<String> lines = JncResult.run("-h").out().lines().toList();
    List<String> classic = summary(lines, "classic (nc 1.10/1.11): ");
    List<String> modern = summary(lines, "modern (+): ");
    List<String> seed =
        seedOptionLines().stream()
            .filter(l -> l.startsWith("-"))
            .map(l -> l.substring(0, 2))
            .toList();
    assertThat(classic).containsExactlyInAnyOrderElementsOf(seed);
    assertThat(modern)
        .contains("-4", "-6", "-C", "-k", "-N", "-q", "--progress", "--no-history", "-V")
        .doesNotContainAnyElementsOf(classic);
    assertThat(lines)
        .contains("+ marks a modern option; the others are nc 1.10/1.11's classic set");

    List<String> optionLines = lines.stream().filter(l -> l.matches("^ {2}(\\+ |  )-.*")).toList();
    assertThat(optionLines).hasSize(classic.size() + modern.size() - 1); // -C shares -c's line
    for (String line : optionLines) {
      String name = line.substring(4).split(" ")[0];
      assertThat(line.startsWith("  + "))
          .as("marked as modern: %s", line)
          .isEqualTo(modern.contains(name));
    }
  }

  /** The option names on the summary line that starts with {@code prefix}, and its run-ons. */
  private static List<String> summary(List<String> lines, String prefix) {
    int at =
        lines.indexOf(lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow());
    StringBuilder names = new StringBuilder(lines.get(at).substring(prefix.length()));
    for (int next = at + 1; next < lines.size() && lines.get(next).startsWith("      "); next++) {
      names.append(' ').append(lines.get(next));
    }
    return List.of(names.toString().trim().split(" +"));
  }

  /** As nc 1.10's help does: every line fits a terminal of 80 columns, the option rows too. */
  @Test
  void helpFitsEightyColumnsAndItsSynopsisLinesUpAsNc110s() {
    List<String> lines = JncResult.run("-h").out().lines().limit(4).toList();
    assertThat(lines.getFirst()).isEqualTo("Usage:");
    assertThat(lines.subList(1, 4))
        .extracting(l -> l.indexOf("jnc "))
        .containsOnly("connect to somewhere:  ".length());
    assertThat(JncResult.run("-h").out().lines())
        .allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(80));
  }

  /** A group's example goes on a line of its own where the heading's line has no room for it. */
  @Test
  void helpFitsSixtyColumns() {
    String before = System.getProperty("picocli.usage.width");
    System.setProperty("picocli.usage.width", "60");
    try {
      List<String> lines = JncResult.run("-h").out().lines().toList();
      assertThat(lines)
          // nc 1.10's synopsis, as it prints it, whatever the width.
          .filteredOn(l -> !l.matches("(connect to somewhere:|listen for inbound:|) +jnc .*"))
          .allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(60));
      assertThat(lines)
          .containsSubsequence("connect:", "    e.g. jnc -v -w 3 example.org 80 < request.txt");
    } finally {
      if (before == null) {
        System.clearProperty("picocli.usage.width");
      } else {
        System.setProperty("picocli.usage.width", before);
      }
    }
  }

  /** The option lines under {@code heading}, up to the next heading. */
  private static List<String> section(List<String> lines, String heading) {
    int start =
        lines.stream()
            .filter(l -> l.startsWith(heading))
            .findFirst()
            .map(lines::indexOf)
            .orElseThrow();
    int end = start + 1;
    while (end < lines.size() && lines.get(end).startsWith("  ")) {
      end++;
    }
    return lines.subList(start + 1, end);
  }

  @Test
  void connectionOptionsReadAsInTheSeed() throws IOException {
    String help = squeeze(JncResult.run("-h").out());
    List<String> seedOptions = seedOptionLines();
    assertThat(seedOptions).hasSize(21);
    List<String> ours =
        List.of("-d", "-g", "-G", "-h", "-l", "-L", "-n", "-p", "-r", "-s", "-u", "-v", "-w", "-z");
    for (String line : seedOptions) {
      if (ours.contains(line.substring(0, 2))) {
        assertThat(help).as("help line for %s", line).contains(squeeze(line));
      }
    }
  }

  /** The 1.11 option list from the tutorial in {@code seeds/}, one option per line. */
  private static List<String> seedOptionLines() throws IOException {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    try (Stream<Path> seeds = Files.list(root.resolve("seeds"))) {
      Path seed = seeds.filter(p -> p.toString().endsWith(".txt")).findFirst().orElseThrow();
      List<String> lines = Files.readAllLines(seed, StandardCharsets.UTF_8);
      int start = lines.indexOf("options:") + 1;
      return lines.subList(start, start + 21).stream().map(String::trim).toList();
    }
  }

  /** One space between words and no indentation: the columns are ours to choose. */
  private static String squeeze(String text) {
    return "\n"
        + String.join("\n", text.lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList());
  }
}
