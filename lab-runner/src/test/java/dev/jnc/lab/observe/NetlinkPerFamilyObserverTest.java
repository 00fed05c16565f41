package dev.jnc.lab.observe;

import dev.jnc.lab.observe.NetlinkObserver.DumpRequest;

/** The netlink tests again with {@code SOCK_DIAG_BY_FAMILY} and {@code inet_diag_req_v2}. */
class NetlinkPerFamilyObserverTest extends NetlinkObserverTest {

  @Override
  protected DumpRequest dumpRequest() {
    return DumpRequest.PER_FAMILY;
  }
}
