package dev.jnc.core.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an {@code -e} command line into words the way a POSIX shell would, without running one:
 * blanks separate words, single quotes keep everything literally, double quotes keep blanks and
 * honour backslash before {@code \ " $ `} and newline, and a backslash elsewhere escapes the next
 * character. Nothing is expanded: no variables, globs or command substitution, so what the user
 * typed is what the program gets.
 */
public final class CommandSplitter {

  private CommandSplitter() {}

  /**
   * @throws IllegalArgumentException for an unterminated quote, a trailing backslash, or no words
   */
  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i++);
      switch (c) {
        case ' ', '\t', '\n' -> {
          if (inWord) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
          }
        }
        case '\\' -> {
          if (i == n) {
            throw new IllegalArgumentException("trailing backslash in command: " + line);
          }
          char next = line.charAt(i++);
          if (next != '\n') {
            word.append(next);
            inWord = true;
          }
        }
        case '\'' -> {
          int close = line.indexOf('\'', i);
          if (close < 0) {
            throw new IllegalArgumentException("unterminated quote in command: " + line);
          }
          word.append(line, i, close);
          i = close + 1;
          inWord = true;
        }
        case '"' -> {
          inWord = true;
          while (true) {
            if (i == n) {
              throw new IllegalArgumentException("unterminated quote in command: " + line);
            }
            char q = line.charAt(i++);
            if (q == '"') {
              break;
            }
            if (q == '\\' && i < n && "\\\"$`\n".indexOf(line.charAt(i)) >= 0) {
              char escaped = line.charAt(i++);
              if (escaped != '\n') {
                word.append(escaped);
              }
            } else {
              word.append(q);
            }
          }
        }
        default -> {
          word.append(c);
          inWord = true;
        }
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    return List.copyOf(words);
  }
}
