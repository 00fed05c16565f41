/*
 * wait-listen: returns once something listens on a port, asking the kernel's socket tables through
 * netlink (sock_diag, as `ss` does) every millisecond, in one process that sleeps between asks.
 * The benchmarks time a listener's start with the transfer, so the wait must not take the cores
 * from the listener it waits for:
 *   - `ss | grep` and `sleep` in a shell loop start three processes every 10 ms; on 2 cores that
 *     delayed a JVM listener's listen(2) by 55-60 ms (108 ms quiet, 165 ms polled; an LD_PRELOAD
 *     stamp on listen), and found it 10-30 ms late.
 *   - Reading /proc/net/tcp instead walks every bucket of the connection hash: ~2 ms of system
 *     time a read here, with 20 sockets. A dump of listeners alone walks only the listening hash.
 *
 *   wait-listen tcp|udp PORT [TIMEOUT_MS]   exit 0 once listening, 1 at the timeout (10 s)
 *
 * TCP counts state LISTEN; UDP a bound, unconnected socket, what `ss -lu` lists. IPv4 and IPv6.
 * Built by lib.sh with the machine's C compiler; not part of jnc.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TCP_LISTEN 10
#define UDP_UNCONNECTED 7

/* 1 when the kernel lists a socket of this family and protocol on port in state, 0 otherwise. */
static int listed(int nl, int family, int protocol, unsigned state, unsigned short port) {
  struct {
    struct nlmsghdr header;
    struct inet_diag_req_v2 request;
  } ask = {
      .header = {.nlmsg_len = sizeof ask,
                 .nlmsg_type = SOCK_DIAG_BY_FAMILY,
                 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP},
      .request = {.sdiag_family = family, .sdiag_protocol = protocol, .idiag_states = 1u << state},
  };
  if (send(nl, &ask, sizeof ask, 0) < 0) {
    return 0;
  }
  static char reply[32768] __attribute__((aligned(NLMSG_ALIGNTO)));
  int found = 0;
  for (;;) {
    ssize_t n = recv(nl, reply, sizeof reply, 0);
    if (n <= 0) {
      return found;
    }
    for (struct nlmsghdr *h = (struct nlmsghdr *)reply; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
        return found;
      }
      struct inet_diag_msg *socket_info = NLMSG_DATA(h);
      found |= ntohs(socket_info->id.idiag_sport) == port;
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 3 || (strcmp(argv[1], "tcp") != 0 && strcmp(argv[1], "udp") != 0)) {
    fprintf(stderr, "usage: wait-listen tcp|udp PORT [TIMEOUT_MS]\n");
    return 2;
  }
  int tcp = strcmp(argv[1], "tcp") == 0;
  unsigned short port = (unsigned short)strtoul(argv[2], NULL, 10);
  long timeout_ms = argc > 3 ? strtol(argv[3], NULL, 10) : 10000;
  int protocol = tcp ? IPPROTO_TCP : IPPROTO_UDP;
  unsigned state = tcp ? TCP_LISTEN : UDP_UNCONNECTED;
  int nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (nl < 0) {
    perror("wait-listen: netlink");
    return 2;
  }
  struct timespec now, pause = {0, 1000000};
  clock_gettime(CLOCK_MONOTONIC, &now);
  long deadline_ms = now.tv_sec * 1000 + now.tv_nsec / 1000000 + timeout_ms;
  for (;;) {
    if (listed(nl, AF_INET, protocol, state, port) || listed(nl, AF_INET6, protocol, state, port)) {
      return 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec * 1000 + now.tv_nsec / 1000000 >= deadline_ms) {
      return 1;
    }
    nanosleep(&pause, NULL);
  }
}
