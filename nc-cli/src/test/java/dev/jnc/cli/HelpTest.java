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
  void helpGroupsClassicAndModernOptionsAndExitsZero() {
    JncResult result = JncResult.run("-h");
    assertThat(result.exit()).isZero();
    List<String> lines = result.out().lines().toList();
    int classic = lines.indexOf("classic options (nc 1.10, Windows nc 1.11):");
    int modern = lines.indexOf("modern options (OpenBSD nc, ncat):");
    assertThat(classic).isNotNegative();
    assertThat(modern).isGreaterThan(classic);
    assertThat(lines.subList(modern, lines.size()))
        .anyMatch(l -> l.trim().startsWith("-4"))
        .anyMatch(l -> l.trim().startsWith("-6"))
        .anyMatch(l -> l.trim().startsWith("-k"))
        .anyMatch(l -> l.contains("--version"));
    assertThat(result.out()).contains("Exit status:");
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
