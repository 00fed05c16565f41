package dev.jnc.lab.observe;

/**
 * An observer opened for {@code --observer}, with one line saying why it was chosen.
 *
 * @param observer the open observer; the caller closes it
 * @param explanation e.g. {@code observer: netlink (sock_diag available, sees bound idle sockets)}
 */
public record ChosenObserver(SocketObserver observer, String explanation) {}
