package dev.jnc.cli.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Someone who does not own the test's files. CI runs as root, for whom every file is writable, so
 * the command then runs as {@code nobody} through {@code setpriv}; anyone else is such a user
 * already, once the files' write bits are gone.
 */
public final class OtherUser {

  private static final List<String> AS_NOBODY =
      List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--");

  private OtherUser() {}

  /**
   * What to put before a command to run it as that user; the test is skipped where that cannot be
   * done, or where the user cannot read {@code reach} (a checkout under a home of mode 700).
   */
  public static List<String> commandPrefix(Path reach) throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return List.of();
    }
    assumeTrue(Launcher.installed("setpriv"), "no setpriv to drop root with");
    List<String> probe = new ArrayList<>(AS_NOBODY);
    probe.addAll(List.of("test", "-r", reach.toString()));
    Process test = new ProcessBuilder(probe).start();
    assumeTrue(
        test.waitFor(10, TimeUnit.SECONDS) && test.exitValue() == 0,
        "the user nobody cannot read " + reach);
    return AS_NOBODY;
  }
}
