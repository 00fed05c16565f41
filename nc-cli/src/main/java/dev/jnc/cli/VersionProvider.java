package dev.jnc.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code jnc --version}: our version, the JDK and the OS, for bug reports. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {
      "jnc " + (version == null ? "dev" : version),
      "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
      "OS " + System.getProperty("os.name") + " " + System.getProperty("os.version")
    };
  }
}
