package dev.jnc.lab.observe;

/** The observer asked for cannot run here; the message says why, for the user. */
public final class ObserverUnavailableException extends Exception {

  /** With a message fit for {@code lab: <message>}. */
  public ObserverUnavailableException(String message) {
    super(message);
  }

  /** With a message fit for {@code lab: <message>}, and what failed underneath. */
  public ObserverUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
