package dev.jnc.cli.console;

import java.io.IOException;
import org.jline.terminal.impl.exec.ExecTerminalProvider;
import org.jline.terminal.spi.Pty;
import org.jline.terminal.spi.SystemStream;

/**
 * JLine's {@code exec} provider with a {@link ChangeOnlyPty}. Called directly: {@code
 * TerminalBuilder} takes only JLine's own providers.
 */
final class ChangeOnlyExecProvider extends ExecTerminalProvider {

  @Override
  public Pty current(SystemStream systemStream) throws IOException {
    return new ChangeOnlyPty(super.current(systemStream));
  }
}
