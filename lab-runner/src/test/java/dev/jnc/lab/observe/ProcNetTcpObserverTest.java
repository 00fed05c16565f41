package dev.jnc.lab.observe;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcNetTcpObserverTest extends ObserverContract {

  @Override
  protected SocketObserver openObserver() {
    assumeTrue(ProcNetTcpObserver.isAvailable(), "no /proc/net/tcp on this machine");
    return new ProcNetTcpObserver();
  }

  @Override
  protected boolean reportsInodes() {
    return true;
  }
}
