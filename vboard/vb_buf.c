/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: the growable output buffer the front-ends append their replies
 * to (struct vb_buf in vb.h). The event loop sends data[0..len) and then
 * clears it; the storage is kept for the next reply.
 */
#include "vb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A buffer this small would only be regrown at once. */
#define VB_BUF_MIN_CAP 256u

/* Out of memory is not a guest error the simulation could report and go
 * on from: stop with a message rather than lose a reply silently. */
static void vb_buf_oom(size_t want)
{
	fprintf(stderr, "vboard: out of memory (output buffer of %zu bytes)\n", want);
	abort();
}

static void vb_buf_grow(struct vb_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : VB_BUF_MIN_CAP;
	uint8_t *p;

	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			vb_buf_oom(need);
		cap *= 2;
	}
	p = realloc(b->data, cap);
	if (!p)
		vb_buf_oom(cap);
	b->data = p;
	b->cap = cap;
}

void vb_buf_put(struct vb_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (n > SIZE_MAX - b->len)
		vb_buf_oom(SIZE_MAX);
	if (b->len + n > b->cap)
		vb_buf_grow(b, b->len + n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void vb_buf_clear(struct vb_buf *b)
{
	b->len = 0;
}

void vb_buf_free(struct vb_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}
