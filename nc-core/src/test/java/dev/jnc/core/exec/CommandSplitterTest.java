package dev.jnc.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandSplitterTest {

  @Test
  void splitsOnRunsOfBlanks() {
    assertThat(CommandSplitter.split("  /bin/echo   a\tb \n c "))
        .containsExactly("/bin/echo", "a", "b", "c");
  }

  @Test
  void singleQuotesKeepEverythingLiterally() {
    assertThat(CommandSplitter.split("sh -c 'echo \"$HOME\" \\n; exit 7'"))
        .containsExactly("sh", "-c", "echo \"$HOME\" \\n; exit 7");
  }

  @Test
  void doubleQuotesHonourOnlyShellEscapes() {
    assertThat(CommandSplitter.split("printf \"a \\\"b\\\" \\$c \\\\ \\n\""))
        .containsExactly("printf", "a \"b\" $c \\ \\n");
  }

  @Test
  void backslashEscapesOutsideQuotes() {
    assertThat(CommandSplitter.split("cat my\\ file \\'x\\' a\\\\b"))
        .containsExactly("cat", "my file", "'x'", "a\\b");
  }

  @Test
  void quotesJoinWithTheirWordAndEmptyQuotesMakeAnEmptyWord() {
    assertThat(CommandSplitter.split("prog a'b c'\"d\" '' \"\""))
        .containsExactly("prog", "ab cd", "", "");
  }

  @Test
  void backslashNewlineContinuesTheLine() {
    assertThat(CommandSplitter.split("prog a\\\nb")).containsExactly("prog", "ab");
  }

  @Test
  void expandsNothing() {
    assertThat(CommandSplitter.split("echo $HOME * ~ `id` $(id)"))
        .containsExactly("echo", "$HOME", "*", "~", "`id`", "$(id)");
  }

  @Test
  void rejectsUnterminatedQuotesTrailingBackslashAndNothing() {
    assertThatThrownBy(() -> CommandSplitter.split("echo 'a"))
        .hasMessage("unterminated quote in command: echo 'a");
    assertThatThrownBy(() -> CommandSplitter.split("echo \"a"))
        .hasMessageStartingWith("unterminated quote");
    assertThatThrownBy(() -> CommandSplitter.split("echo a\\"))
        .hasMessageStartingWith("trailing backslash");
    assertThatThrownBy(() -> CommandSplitter.split("   ")).hasMessage("empty command");
  }
}
