package dev.jnc.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.nio.channels.spi.SelectorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Which selector provider a run names, and that the JDK can make the one it names. That a real run
 * then searches no jar is {@code ClassPathSearchIT}'s.
 */
class SelectorProviderPropertyTest {

  @Test
  @EnabledOnOs(OS.LINUX)
  void aLinuxRunNamesTheJdksEpollProvider() {
    assertThat(SelectorProviderProperty.valueFor("Linux", null))
        .contains("sun.nio.ch.EPollSelectorProvider");
  }

  @Test
  void otherSystemsAndAProviderNamedAlreadyAreLeftAlone() {
    assertThat(SelectorProviderProperty.valueFor("Mac OS X", null)).isEmpty();
    assertThat(SelectorProviderProperty.valueFor("Windows 11", null)).isEmpty();
    assertThat(SelectorProviderProperty.valueFor("Linux", "com.example.TheirProvider")).isEmpty();
  }

  /** What SelectorProvider.provider() needs of the class the property names. */
  @Test
  @EnabledOnOs(OS.LINUX)
  void theNamedClassIsAPublicProviderWithAPublicConstructor() throws Exception {
    Class<?> named =
        Class.forName(
            SelectorProviderProperty.LINUX_PROVIDER, false, ClassLoader.getSystemClassLoader());

    assertThat(SelectorProvider.class.isAssignableFrom(named)).isTrue();
    assertThat(Modifier.isPublic(named.getModifiers())).isTrue();
    assertThat(Modifier.isAbstract(named.getModifiers())).isFalse();
    assertThat(named.getConstructor().getParameterCount()).isZero();
  }
}
