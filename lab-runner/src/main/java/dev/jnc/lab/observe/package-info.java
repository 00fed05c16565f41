/**
 * Snapshots of the kernel's TCP table, filtered by port, from three sources.
 *
 * <ul>
 *   <li>{@link dev.jnc.lab.observe.NetlinkObserver}: {@code NETLINK_SOCK_DIAG} through {@code
 *       java.lang.foreign}; Linux, unprivileged, about 1,000 to 3,000 snapshots per second on two
 *       busy cores, and the only source that lists bound idle sockets (as CLOSED, Linux 6.5+). The
 *       JVM needs {@code --enable-native-access=ALL-UNNAMED}: without it JDK 25 prints a warning on
 *       first use, and with {@code --illegal-native-access=deny} netlink is unavailable and {@code
 *       auto} falls back to {@code /proc}.
 *   <li>{@link dev.jnc.lab.observe.ProcNetTcpObserver}: {@code /proc/net/tcp} and {@code tcp6};
 *       Linux, several milliseconds per snapshot.
 *   <li>{@link dev.jnc.lab.observe.NetstatObserver}: the platform's {@code netstat} (Windows,
 *       macOS, the BSDs, Linux with net-tools); a process per snapshot.
 * </ul>
 *
 * <p>{@link dev.jnc.lab.observe.ObserverFactory} picks one for {@code --observer}.
 */
package dev.jnc.lab.observe;
