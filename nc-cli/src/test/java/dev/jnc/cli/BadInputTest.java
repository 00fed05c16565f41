package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.testing.EngineCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad command lines, one row each: exactly one {@code jnc: } line that says what is wrong
 * (followed, for every usage error, exit 2, by the {@code Try 'jnc -h'} hint), the documented exit
 * code, and nothing else on stderr. {@code DIR} stands for a scratch directory holding a
 * non-executable file {@code plain.txt}; {@code EMPTY} is an empty argument, {@code BLANK} one
 * space (an unset variable in quotes) and {@code NOTHING} no argument at all. Rows that need a
 * particular environment (a port in use, an unprivileged user, IPv6 turned off) are in {@link
 * BadEnvironmentIT}.
 */
@ExtendWith(EngineCheck.class)
class BadInputTest {

  private static final String TRY = "Try 'jnc -h' for more information.";

  @TempDir static Path dir;

  @BeforeAll
  static void scratch() throws IOException {
    Files.writeString(dir.resolve("plain.txt"), "not a program");
  }

  @ParameterizedTest(name = "[{index}] jnc {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          127.0.0.1 abc                    | 2 | invalid port abc
          127.0.0.1 0                      | 2 | invalid port 0: must be 1-65535
          127.0.0.1 65536                  | 2 | invalid port 65536: must be 1-65535
          127.0.0.1 -5                     | 2 | invalid port -5
          127.0.0.1 1-                     | 2 | invalid port range 1-
          127.0.0.1 1-70000                | 2 | invalid port 70000: must be 1-65535
          127.0.0.1 1-abc                  | 2 | invalid port 1-abc
          127.0.0.1 no-such-service        | 2 | invalid port no-such-service
          -p -1 127.0.0.1 80               | 2 | Invalid value for option '-p': invalid port -1: must be 0-65535 (0: any free port)
          -p 99999 127.0.0.1 80            | 2 | Invalid value for option '-p': invalid port 99999: must be 0-65535 (0: any free port)
          -l -p abc                        | 2 | Invalid value for option '-p': invalid port abc
          -l -p 70000                      | 2 | Invalid value for option '-p': invalid port 70000: must be 0-65535 (0: any free port)
          -l 127.0.0.1 70000               | 2 | invalid port 70000: must be 0-65535 (0: any free port)
          -l -p no-such-service            | 2 | Invalid value for option '-p': invalid port no-such-service
          127.0.0.1 BLANK                  | 2 | invalid port BLANK
          -z 127.0.0.1 BLANK               | 2 | invalid port BLANK
          -l 1 2 3                         | 2 | too many arguments for -l without -p
          -w 0 127.0.0.1 80                | 2 | Invalid value for option '-w': seconds must be greater than 0: 0
          -w -1 127.0.0.1 80               | 2 | Invalid value for option '-w': seconds must be greater than 0: -1
          -w abc 127.0.0.1 80              | 2 | Invalid value for option '-w': invalid number of seconds: abc
          -w 1e99 127.0.0.1 80             | 2 | Invalid value for option '-w': too many seconds: 1e99
          -i 0 127.0.0.1 80                | 2 | Invalid value for option '-i': seconds must be greater than 0: 0
          -i abc 127.0.0.1 80              | 2 | Invalid value for option '-i': invalid number of seconds: abc
          -q abc 127.0.0.1 80              | 2 | Invalid value for option '-q': invalid number of seconds: abc
          -q 1e99 127.0.0.1 80             | 2 | Invalid value for option '-q': too many seconds: 1e99
          -w                               | 2 | Missing required parameter for option '-w' (secs)
          -x 127.0.0.1 80                  | 2 | Unknown option: '-x'
          --frobnicate 127.0.0.1 80        | 2 | Unknown option: '--frobnicate'
          -4 -6 127.0.0.1 80               | 2 | -4 and -6 cannot be used together
          -z -l -p 5                       | 2 | -z cannot be used with -l or -L (-k): a scan connects out
          -u -L -p 5                       | 2 | -L (-k) cannot be used with -u: a UDP listener keeps its first peer
          -z -e /bin/cat 127.0.0.1 80      | 2 | -e cannot be used with -z: a scan runs no program
          -l -s 127.0.0.1 ::1 80           | 2 | give the listen address once: -s or an argument, not both
          127.0.0.1                        | 2 | no port[s] to connect to
          NOTHING                          | 2 | no destination
          -G 5 127.0.0.1 80                | 2 | invalid hop pointer 5, must be multiple of 4 <= 28
          -G -4 127.0.0.1 80               | 2 | invalid hop pointer -4, must be multiple of 4 <= 28
          -l -p -v                         | 2 | Invalid value for option '-p': invalid port -v
          -e EMPTY 127.0.0.1 80            | 2 | -e: empty command
          -n localhost 80                  | 2 | Can't parse localhost as an IP address
          -n -s localhost 127.0.0.1 80     | 2 | Can't parse localhost as an IP address
          -n EMPTY 80                      | 2 | Can't parse  as an IP address
          -e DIR/missing 127.0.0.1 80      | 2 | cannot run DIR/missing: No such file or directory
          -e DIR/plain.txt 127.0.0.1 80    | 2 | cannot run DIR/plain.txt: Permission denied
          -e DIR 127.0.0.1 80              | 2 | cannot run DIR: Permission denied
          -o DIR/no/dump.hex 127.0.0.1 80  | 2 | cannot write hex dump to DIR/no/dump.hex: No such file or directory
          -o DIR 127.0.0.1 80              | 2 | cannot write hex dump to DIR: Is a directory
          -o EMPTY 127.0.0.1 80            | 2 | cannot write hex dump to '': No such file or directory
          -g 10.0.0.1 127.0.0.1 80         | 2 | source routing (-g, -G) is not available: the JVM cannot set IPv4 source-route options
          no.such.host.invalid 80          | 1 | no.such.host.invalid: forward host lookup failed: Unknown host
          999.1.1.1 80                     | 1 | 999.1.1.1: forward host lookup failed: Unknown host
          -s no.such.host.invalid 127.0.0.1 80 | 1 | -s no.such.host.invalid: forward host lookup failed: Unknown host
          -v -l -p 0 no.such.host.invalid  | 1 | no.such.host.invalid: forward host lookup failed: Unknown host
          -s 192.0.2.1 127.0.0.1 80        | 1 | cannot bind to 192.0.2.1: Cannot assign requested address
          -l -s 192.0.2.1 -p 0             | 1 | cannot listen on 192.0.2.1: Cannot assign requested address
          -u -s 192.0.2.1 127.0.0.1 80     | 1 | cannot bind to 192.0.2.1: Cannot assign requested address
          -u -l -s 192.0.2.1 -p 0          | 1 | cannot listen on 192.0.2.1: Cannot assign requested address
          EMPTY 80                         | 1 | "": forward host lookup failed: Unknown host
          -s EMPTY 127.0.0.1 80            | 1 | -s "": forward host lookup failed: Unknown host
          -s ::1 127.0.0.1 80              | 1 | 127.0.0.1: Address family for hostname not supported (-s ::1 is IPv6)
          -z -s ::1 127.0.0.1 80           | 1 | 127.0.0.1: Address family for hostname not supported (-s ::1 is IPv6)
          -u -s 127.0.0.1 ::1 80           | 1 | ::1: Address family for hostname not supported (-s 127.0.0.1 is IPv4)
          -z -s 192.0.2.1 127.0.0.1 80     | 1 | cannot bind to 192.0.2.1: Cannot assign requested address
          -4 ::1 80                        | 1 | ::1: no IPv4 address
          -6 127.0.0.1 80                  | 1 | 127.0.0.1: no IPv6 address
          -6 -s 127.0.0.1 ::1 80           | 1 | -s 127.0.0.1: no IPv6 address
          """)
  @Timeout(30)
  void oneLineThatSaysWhatIsWrong(String args, int exit, String message) {
    List<String> argv = new ArrayList<>();
    for (String arg : args.strip().split(" +")) {
      if (!arg.equals("NOTHING")) {
        argv.add(
            switch (arg) {
              case "EMPTY" -> "";
              case "BLANK" -> " ";
              default -> arg.replace("DIR", dir.toString());
            });
      }
    }
    JncResult result = JncResult.run(argv.toArray(String[]::new));

    assertThat(result.exit()).as("exit status").isEqualTo(exit);
    String line = "jnc: " + message.replace("DIR", dir.toString()).replace("BLANK", " ");
    if (exit == ExitCode.USAGE) {
      assertThat(result.err()).as("a usage error and the hint").containsExactly(line, TRY);
    } else {
      assertThat(result.err()).as("one line, no hint").containsExactly(line);
    }
    assertThat(result.out()).isEmpty();
  }
}
