package dev.jnc.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * The training run of the ahead-of-time cache that {@code -z} runs start from: one real {@code -vz}
 * probe of a loopback port this process listens on, through {@link Jnc#main} and this process's own
 * descriptors. A JVM loads every class of its cache at start; a probe needs some 1,600 of the 2,080
 * that {@link AotTraining} puts in the cache the other runs start from. Not part of {@code jnc}
 * itself.
 */
public final class ProbeTraining {

  private ProbeTraining() {}

  public static void main(String[] args) throws IOException {
    // Before the first address: as in jnc, whose main sets it before any.
    Jnc.useTheSystemsAddressOrder();
    // Open until the JVM exits: the kernel completes the probe's connect without accept.
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0));
    String port = Integer.toString(((InetSocketAddress) server.getLocalAddress()).getPort());
    Jnc.main(new String[] {"-vz", "127.0.0.1", port});
    // A probe that succeeds returns from main; one that fails ends through System.exit, whose
    // logger lookup then finds its classes in the cache too.
    System.exit(0);
  }
}
