package dev.jnc.lab.observe;

/** Whose spelling of state names to print ({@code --names}). */
public enum StateNames {
  /** {@code netstat} on Windows, as in the seed: LISTENING, ESTABLISHED, TIME_WAIT. */
  WINDOWS,
  /** {@code ss} on Linux: LISTEN, ESTAB, TIME-WAIT. */
  LINUX,
  /** RFC 9293: LISTEN, ESTABLISHED, TIME-WAIT. */
  RFC,
  /** {@code netstat} on macOS and the BSDs: LISTEN, SYN_RCVD. */
  BSD
}
