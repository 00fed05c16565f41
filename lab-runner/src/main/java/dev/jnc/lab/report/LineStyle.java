package dev.jnc.lab.report;

/**
 * How an edge of the state diagram is drawn, after Stevens' figure 18.12: the path a client
 * normally takes is thick, the server's dashed, everything else thin.
 */
public enum LineStyle {
  /** The active opener's (client's) normal path. */
  CLIENT_PATH,
  /** The passive opener's (server's) normal path. */
  SERVER_PATH,
  /** Simultaneous open or close, and the less common moves. */
  OTHER,
  /** An abort (RST) or a timeout straight to CLOSED: not in the figure, drawn only when taken. */
  ABORT
}
