package dev.jnc.lab.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code lab --version}: our version, the JDK and the OS. */
final class LabVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = LabVersion.class.getPackage().getImplementationVersion();
    return new String[] {
      "lab " + (version == null ? "dev" : version),
      "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
      "OS " + System.getProperty("os.name") + " " + System.getProperty("os.version")
    };
  }
}
