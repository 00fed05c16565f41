package dev.jnc.lab.report;

/** Which end of a connection a socket is. */
public enum End {
  /** The active opener: it connected. */
  CLIENT,
  /** The passive opener: the listener and the connections accepted from it. */
  SERVER
}
