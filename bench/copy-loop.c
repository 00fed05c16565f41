/*
 * copy-loop: the bulk benchmark's reference with no runtime at all. A netcat reduced to its copy:
 * 1 MiB reads and writes at both ends, the sender's stdin pipe grown to 1 MiB first, no polling,
 * no threads, no start-up to speak of. Where it is less than 1.5x nc.openbsd, that target is out of
 * reach on the machine for any program that copies through user space.
 *
 *   copy-loop listen PORT     accept one connection on 127.0.0.1:PORT, copy it to stdout
 *   copy-loop connect PORT    copy stdin to 127.0.0.1:PORT, half-close, wait for the peer's end
 *
 * Built by bulk-tcp.sh with the machine's C compiler; not part of jnc.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static int fail(const char *what) {
  perror(what);
  return 1;
}

/* Writes all of buf[0..n) to fd; 0, or -1 on an error. */
static int write_all(int fd, const char *buf, ssize_t n) {
  while (n > 0) {
    ssize_t written = write(fd, buf, (size_t)n);
    if (written < 0) {
      return -1;
    }
    buf += written;
    n -= written;
  }
  return 0;
}

/* Copies from until its end of stream; 0, or -1 on an error. */
static int copy(int from, int to, char *buf) {
  ssize_t n;
  while ((n = read(from, buf, CHUNK)) > 0) {
    if (write_all(to, buf, n) < 0) {
      return -1;
    }
  }
  return n < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
  if (argc != 3 || (strcmp(argv[1], "listen") != 0 && strcmp(argv[1], "connect") != 0)) {
    fprintf(stderr, "usage: copy-loop listen|connect PORT\n");
    return 2;
  }
  char *buf = malloc(CHUNK);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  if (buf == NULL || sock < 0) {
    return fail("copy-loop");
  }
  if (strcmp(argv[1], "listen") == 0) {
    int one = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(sock, (struct sockaddr *)&address, sizeof address) < 0 || listen(sock, 1) < 0) {
      return fail("listen");
    }
    int conn = accept(sock, NULL, NULL);
    if (conn < 0) {
      return fail("accept");
    }
    close(sock);
    return copy(conn, STDOUT_FILENO, buf) < 0 ? fail("copy") : 0;
  }
  if (connect(sock, (struct sockaddr *)&address, sizeof address) < 0) {
    return fail("connect");
  }
  /* Fewer, fuller reads from a pipe; a regular file or a terminal refuses, which is fine. */
  fcntl(STDIN_FILENO, F_SETPIPE_SZ, CHUNK);
  if (copy(STDIN_FILENO, sock, buf) < 0) {
    return fail("copy");
  }
  shutdown(sock, SHUT_WR);
  while (read(sock, buf, CHUNK) > 0) {
  }
  return 0;
}
