// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A test harness: the CMSIS-DAP front-end (vboard/vb_cmsis_dap.c) on a
 * TCP socket, in front of the fake DAP of cmsis_fakes.c, so that a real
 * OpenOCD with a `cmsis-dap backend tcp` can be pointed at it without the
 * rest of the vboard.
 *
 *   cmsis_dap_serve PORT     listen on 127.0.0.1:PORT (0: any free port),
 *                            print "listening on PORT", serve one client,
 *                            exit when it goes away
 */
#include "cmsis_fakes.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int listen_on(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	socklen_t len = sizeof(sa);
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		perror("cmsis_dap_serve: listen");
		exit(1);
	}
	printf("listening on %d\n", ntohs(sa.sin_port));
	fflush(stdout);
	return fd;
}

static int send_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Feeds what arrives to the front-end until the client leaves. */
static void serve(int fd, struct vb_cmsis *c)
{
	static uint8_t in[65536];
	struct vb_buf out = { 0 };

	for (;;) {
		ssize_t n = recv(fd, in, sizeof(in), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		vb_buf_clear(&out);
		enum vb_feed_result r = vb_cmsis_feed(c, in, (size_t)n, &out);

		if (send_all(fd, out.data, out.len) < 0 || r != VB_FEED_OK)
			break;
	}
	vb_buf_free(&out);
}

int main(int argc, char **argv)
{
	static struct vb_board board;
	static struct vb_dap dap;
	int lfd, cfd, one = 1;
	struct vb_cmsis *c;

	if (argc != 2) {
		fprintf(stderr, "usage: cmsis_dap_serve PORT\n");
		return 2;
	}
	lfd = listen_on(atoi(argv[1]));
	fake_board_init(&board);
	fake_dap_init(&dap);
	c = vb_cmsis_new(&board, &dap);
	cfd = accept(lfd, NULL, NULL);
	if (!c || cfd < 0) {
		perror("cmsis_dap_serve: accept");
		return 1;
	}
	setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	vb_cmsis_connect(c);
	serve(cfd, c);
	close(cfd);
	close(lfd);
	fprintf(stderr, "cmsis_dap_serve: %llu round trips, %llu bad packets\n",
	        (unsigned long long)vb_stats.round_trips, (unsigned long long)vb_stats.bad_packets);
	vb_cmsis_free(c);
	return 0;
}
