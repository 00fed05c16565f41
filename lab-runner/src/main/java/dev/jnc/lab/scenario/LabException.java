package dev.jnc.lab.scenario;

/** The run cannot go on, for a reason the user can act on (port busy, no observer...). */
public final class LabException extends Exception {

  private static final long serialVersionUID = 1L;

  public LabException(String message) {
    super(message);
  }

  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
