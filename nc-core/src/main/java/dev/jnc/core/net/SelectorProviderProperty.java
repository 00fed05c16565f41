package dev.jnc.core.net;

import java.nio.channels.spi.SelectorProvider;
import java.util.Locale;
import java.util.Optional;

/**
 * Names the JDK's own selector provider in the system property that {@link
 * SelectorProvider#provider()} reads first. Unnamed, the first selector or channel of a run asks
 * {@link java.util.ServiceLoader} for another provider, which opens and reads every jar on the
 * class path: none of ours carries one, and the search held a listener up by some 6 ms (measured:
 * time to listen 64.6 -> 58.0 ms, 40 interleaved rounds). Linux only, where the JDK's provider is
 * its epoll one; elsewhere, or where a provider is named already, nothing changes.
 */
public final class SelectorProviderProperty {

  static final String NAME = "java.nio.channels.spi.SelectorProvider";

  /**
   * What {@code sun.nio.ch.DefaultSelectorProvider} makes on Linux: public, with a public
   * constructor, as the property requires, and stateless, so a second instance is no different.
   */
  static final String LINUX_PROVIDER = "sun.nio.ch.EPollSelectorProvider";

  private SelectorProviderProperty() {}

  /** Sets the property for this JVM; to take effect, before its first selector or channel. */
  public static void nameTheJdksOwn() {
    valueFor(System.getProperty("os.name", ""), System.getProperty(NAME))
        .ifPresent(value -> System.setProperty(NAME, value));
  }

  /**
   * The value to set on {@code osName}, where {@code named} is the property's value now: empty when
   * there is nothing to set, or the JDK has no such class (a name it does not know would make every
   * selector fail).
   */
  static Optional<String> valueFor(String osName, String named) {
    if (named != null
        || !osName.toLowerCase(Locale.ROOT).startsWith("linux")
        || !inTheJdk(LINUX_PROVIDER)) {
      return Optional.empty();
    }
    return Optional.of(LINUX_PROVIDER);
  }

  private static boolean inTheJdk(String className) {
    try {
      Class.forName(className, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
