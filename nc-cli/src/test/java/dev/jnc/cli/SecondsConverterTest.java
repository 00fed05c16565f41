package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

class SecondsConverterTest {

  @ParameterizedTest(name = "{0} s")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          3                     | PT3S
          ' 5 '                 | PT5S
          0                     | PT0S
          -0                    | PT0S
          0.25                  | PT0.25S
          1.123456789           | PT1.123456789S
          2147483647            | PT2147483647S
          000000000000000007    | PT7S
          1.1234567899          | PT1.123456789S
          0.0000000001          | PT0S
          1e3                   | PT16M40S
          2.5E-1                | PT0.25S
          +5                    | PT5S
          .5                    | PT0.5S
          5.                    | PT5S
          -1                    | PT-1S
          -0.5                  | PT-1S
          -1e99                 | PT-1S
          -99999999999999999999 | PT-1S
          """)
  void readsWhatADecimalNumberSays(String text, String expected) {
    assertThat(SecondsConverter.read(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          2147483648            | too many seconds: 2147483648
          2147483647.5          | too many seconds: 2147483647.5
          99999999999999999999  | too many seconds: 99999999999999999999
          1e99                  | too many seconds: 1e99
          abc                   | invalid number of seconds: abc
          ''                    | 'invalid number of seconds: '
          -                     | invalid number of seconds: -
          1.2.3                 | invalid number of seconds: 1.2.3
          0x10                  | invalid number of seconds: 0x10
          1_000                 | invalid number of seconds: 1_000
          NaN                   | invalid number of seconds: NaN
          5s                    | invalid number of seconds: 5s
          """)
  void refusesWhatIsNoNumberOrTooLarge(String text, String message) {
    assertThatThrownBy(() -> SecondsConverter.read(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "-w {0}")
  @CsvSource({"0", "-1", "-0.5", "0.0000000001", "1e-10"})
  void aTimeoutMustBeLongerThanZero(String text) {
    assertThatThrownBy(() -> new SecondsConverter().convert(text))
        .hasMessage("seconds must be greater than 0: " + text);
  }

  @ParameterizedTest(name = "-q {0}")
  @CsvSource({"-1, PT-1S", "-0.001, PT-1S", "0, PT0S", "0.5, PT0.5S"})
  void aQuitDelayBelowZeroWaitsForThePeer(String text, String expected) {
    assertThat(new QuitSecondsConverter().convert(text)).isEqualTo(Duration.parse(expected));
  }
}
