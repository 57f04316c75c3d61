// SPDX-License-Identifier: MIT
/*
 * Bounds-checked big-endian reader and writer, and the one TLV walker (opt_next) that LCP, IPCP,
 * IPv6CP and SSTP attributes all use. Errors are sticky: a read or write past the end sets ->err,
 * returns zeros, and the caller checks ->err once at the end (-EBADMSG / -EMSGSIZE).
 * Ownership: readers borrow the bytes they walk; nothing is copied or kept.
 */
#ifndef SX_WIRE_H
#define SX_WIRE_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct wire_r {
	const uint8_t *p;
	size_t len;
	size_t off;
	bool err;
};

struct wire_w {
	uint8_t *p;
	size_t cap;
	size_t off;
	bool err;
};

static inline struct wire_r wire_r_init(const uint8_t *p, size_t len)
{
	return (struct wire_r){ .p = p, .len = len };
}

static inline struct wire_w wire_w_init(uint8_t *p, size_t cap)
{
	return (struct wire_w){ .p = p, .cap = cap };
}

static inline size_t wire_left(const struct wire_r *r)
{
	return r->err ? 0 : r->len - r->off;
}

/* Returns a pointer to the next n bytes and advances, or NULL (and sets err) if fewer remain. */
static inline const uint8_t *wire_get_bytes(struct wire_r *r, size_t n)
{
	const uint8_t *q;

	if (r->err || n > r->len - r->off) {
		r->err = true;
		return NULL;
	}
	q = r->p + r->off;
	r->off += n;
	return q;
}

static inline uint16_t wire_be16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint8_t wire_get_u8(struct wire_r *r)
{
	const uint8_t *q = wire_get_bytes(r, 1);

	return q ? q[0] : 0;
}

static inline uint16_t wire_get_be16(struct wire_r *r)
{
	const uint8_t *q = wire_get_bytes(r, 2);

	return q ? wire_be16(q) : 0;
}

static inline uint32_t wire_get_be32(struct wire_r *r)
{
	const uint8_t *q = wire_get_bytes(r, 4);

	return q ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3] : 0;
}

/* Reserves n bytes for the caller to fill; NULL (and err) if they do not fit. */
static inline uint8_t *wire_put_space(struct wire_w *w, size_t n)
{
	uint8_t *q;

	if (w->err || n > w->cap - w->off) {
		w->err = true;
		return NULL;
	}
	q = w->p + w->off;
	w->off += n;
	return q;
}

static inline void wire_put_bytes(struct wire_w *w, const void *src, size_t n)
{
	uint8_t *q = wire_put_space(w, n);

	if (q && n)
		memcpy(q, src, n);
}

static inline void wire_put_u8(struct wire_w *w, uint8_t v)
{
	uint8_t *q = wire_put_space(w, 1);

	if (q)
		q[0] = v;
}

static inline void wire_put_be16(struct wire_w *w, uint16_t v)
{
	uint8_t *q = wire_put_space(w, 2);

	if (q) {
		q[0] = (uint8_t)(v >> 8);
		q[1] = (uint8_t)v;
	}
}

static inline void wire_put_be32(struct wire_w *w, uint32_t v)
{
	uint8_t *q = wire_put_space(w, 4);

	if (q) {
		q[0] = (uint8_t)(v >> 24);
		q[1] = (uint8_t)(v >> 16);
		q[2] = (uint8_t)(v >> 8);
		q[3] = (uint8_t)v;
	}
}

static inline void wire_set_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}


/* The two TLV layouts opt_next walks. */
enum opt_fmt {
	OPT_FMT_PPP,	/* RFC 1661 6: type(1) length(1), length counts the 2-byte header */
	OPT_FMT_SSTP,	/* MS-SSTP 2.2.4: reserved(1) id(1) length(2, low 12 bits), counts the 4-byte header */
};

struct opt {
	uint8_t type;
	const uint8_t *raw;	/* the whole option, header included (for Reject/Nak copies) */
	size_t raw_len;
	const uint8_t *val;	/* the value after the header */
	size_t len;		/* value length */
};

/*
 * Steps to the next option. Returns 1 with *o filled, 0 at a clean end, or -EBADMSG when an
 * option's length is shorter than its header or longer than what remains.
 */
static inline int opt_next(struct wire_r *r, enum opt_fmt fmt, struct opt *o)
{
	size_t hdr = fmt == OPT_FMT_PPP ? 2 : 4;
	size_t left = wire_left(r), total;
	const uint8_t *p;

	if (r->err)
		return -EBADMSG;
	if (left == 0)
		return 0;
	if (left < hdr)
		goto bad;
	p = r->p + r->off;
	if (fmt == OPT_FMT_PPP) {
		o->type = p[0];
		total = p[1];
	} else {
		o->type = p[1];
		total = wire_be16(p + 2) & 0x0fff;
	}
	if (total < hdr || total > left)
		goto bad;
	o->raw = p;
	o->raw_len = total;
	o->val = p + hdr;
	o->len = total - hdr;
	r->off += total;
	return 1;
bad:
	r->err = true;
	return -EBADMSG;
}

#endif
