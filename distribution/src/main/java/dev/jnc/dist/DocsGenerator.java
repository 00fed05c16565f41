package dev.jnc.dist;

import dev.jnc.cli.Jnc;
import dev.jnc.lab.cli.LabCommandLine;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes the man pages and shell completion scripts of {@code jnc} and {@code lab} from their
 * picocli models, at build time, so that they can never disagree with {@code -h}.
 *
 * <p>Usage: {@code DocsGenerator OUTPUT_DIR VERSION}; writes {@code man/jnc.1}, {@code man/lab.1},
 * {@code completion/jnc.bash}, {@code completion/lab.bash}, {@code completion/jnc.zsh} and {@code
 * completion/lab.zsh}.
 */
public final class DocsGenerator {

  private DocsGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: DocsGenerator OUTPUT_DIR VERSION");
    }
    Path out = Path.of(args[0]);
    String version = args[1];
    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
    Map<String, CommandLine> commands =
        Map.of("jnc", Jnc.commandLine(), "lab", LabCommandLine.create(quiet, quiet));
    Files.createDirectories(out.resolve("man"));
    Files.createDirectories(out.resolve("completion"));
    commands.forEach(
        (name, commandLine) -> {
          write(out.resolve("man/" + name + ".1"), new ManPage(commandLine, version).troff());
          String bash = AutoComplete.bash(name, forCompletion(commandLine));
          write(out.resolve("completion/" + name + ".bash"), bash);
          write(out.resolve("completion/" + name + ".zsh"), zsh(name, bash));
        });
  }

  /**
   * The model as picocli's completion script must see it: that script takes only a boolean option
   * for one without a value, and jnc's {@code -v}, counted as it repeats, is a {@code boolean[]}:
   * after {@code -v} it offered nothing, as if a value came next. The same option as a boolean.
   */
  private static CommandLine forCompletion(CommandLine commandLine) {
    CommandSpec spec = commandLine.getCommandSpec();
    for (OptionSpec option : List.copyOf(spec.options())) {
      if (option.type() == boolean[].class && option.arity().max() == 0) {
        spec.remove(option);
        spec.addOption(
            OptionSpec.builder(option.names())
                .type(boolean.class)
                .description(option.description())
                .build());
      }
    }
    return commandLine;
  }

  /**
   * picocli's script serves zsh through zsh's bash-compatibility layer (bashcompinit), which the
   * script turns on itself when sourced from {@code .zshrc}.
   */
  private static String zsh(String name, String bash) {
    return "# zsh completion for "
        + name
        + ": source this file from ~/.zshrc (it loads compinit and bashcompinit).\n"
        + bash;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
