/**
 * Snapshots of the kernel's TCP table, filtered by port, from three sources, and a trace of every
 * transition for root.
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
 * <p>{@link dev.jnc.lab.observe.TraceObserver} (root) adds the {@code sock:inet_sock_set_state}
 * tracepoint to the netlink snapshots: a tracefs instance of its own ({@code
 * instances/lab-<pid>-<n>}, on a private mount of tracefs when none is mounted), with the {@code
 * mono} clock ({@code System.nanoTime()}'s), the {@code fields} option (the only text format that
 * shows the socket's kernel address) and a filter on the followed ports. Every global setting is
 * left alone; the instance and the private mount are removed on close and by a shutdown hook. The
 * tracepoint never reports TIME_WAIT (logged as FIN_WAIT_2 or CLOSING to CLOSE) nor request sockets
 * held in SYN_RECEIVED, and cannot print IPv6 addresses with {@code fields}: {@link
 * dev.jnc.lab.record.StateRecorder} merges it with the snapshots.
 *
 * <p>{@link dev.jnc.lab.observe.ObserverFactory} picks one for {@code --observer}.
 */
package dev.jnc.lab.observe;
