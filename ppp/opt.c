// SPDX-License-Identifier: MIT
/* Option tables shared by LCP, IPCP and IPv6CP: lookup, Reject of unknown options, trace text. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ppp/opt.h"
#include "ppp/proto.h"

const struct opt_desc *opt_find(const struct opt_desc *tab, size_t n, uint8_t type)
{
	int i = opt_index(tab, n, type);

	return i < 0 ? NULL : &tab[i];
}

int opt_index(const struct opt_desc *tab, size_t n, uint8_t type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tab[i].type == type)
			return (int)i;
	return -1;
}

int opt_validate(const uint8_t *opts, size_t len)
{
	struct wire_r r = wire_r_init(opts, len);
	struct opt o;
	int ret;

	while ((ret = opt_next(&r, OPT_FMT_PPP, &o)) > 0)
		;
	return ret;
}

int opt_reject_unknown(const struct opt_desc *tab, size_t n, const uint8_t *opts, size_t len,
		       struct wire_w *rej, opt_reject_fn *also, void *arg)
{
	struct wire_r r = wire_r_init(opts, len);
	const struct opt_desc *d;
	struct opt o;
	int ret, count = 0;

	while ((ret = opt_next(&r, OPT_FMT_PPP, &o)) > 0) {
		d = opt_find(tab, n, o.type);
		/* RFC 1661 5.4: unrecognized options are Rejected, copied unmodified. */
		if (d && o.raw_len >= d->min_len && o.raw_len <= d->max_len &&
		    !(also && also(arg, &o)))
			continue;
		wire_put_bytes(rej, o.raw, o.raw_len);
		count++;
	}
	if (ret < 0)
		return ret;
	return rej->err ? -EMSGSIZE : count;
}

bool opt_in_list(const uint8_t *list, size_t len, const struct opt *o)
{
	struct wire_r r = wire_r_init(list, len);
	struct opt l;

	while (opt_next(&r, OPT_FMT_PPP, &l) > 0)
		if (l.raw_len == o->raw_len && !memcmp(l.raw, o->raw, o->raw_len))
			return true;
	return false;
}

/* Appends printf-style text to out at *off, never past cap (always NUL-terminated). */
__attribute__((format(printf, 4, 5)))
static void opt_append(char *out, size_t cap, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(out + *off, cap - *off, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= cap - *off) {
		*off = cap;
		if (cap >= 4)
			memcpy(out + cap - 4, "...", 4);
		return;
	}
	*off += (size_t)n;
}

static void opt_format_auth(const struct opt *o, char *out, size_t cap, size_t *off)
{
	uint16_t proto = wire_be16(o->val);

	if (proto == PPP_CHAP && o->len == 3 && o->val[2] == 0x81)
		opt_append(out, cap, off, " chap-ms-v2");
	else if (proto == PPP_CHAP && o->len == 3 && o->val[2] == 0x05)
		opt_append(out, cap, off, " chap-md5");
	else if (proto == PPP_PAP && o->len == 2)
		opt_append(out, cap, off, " pap");
	else if (proto == PPP_EAP && o->len == 2)
		opt_append(out, cap, off, " eap");
	else
		opt_append(out, cap, off, " 0x%04x%s", proto, o->len > 2 ? " +" : "");
}

static void opt_format_raw(const struct opt *o, char *out, size_t cap, size_t *off)
{
	size_t i;

	if (o->len)
		opt_append(out, cap, off, " ");
	for (i = 0; i < o->len && i < 16; i++)
		opt_append(out, cap, off, "%02x", o->val[i]);
	if (o->len > 16)
		opt_append(out, cap, off, "..");
}

static void opt_format_value(const struct opt_desc *d, const struct opt *o, char *out,
			     size_t cap, size_t *off)
{
	const uint8_t *v = o->val;

	switch (d->kind) {
	case OPT_KIND_FLAG:
		break;
	case OPT_KIND_U16:
		opt_append(out, cap, off, " %u", (unsigned)wire_be16(v));
		break;
	case OPT_KIND_HEX32:
		opt_append(out, cap, off, " 0x%02x%02x%02x%02x", v[0], v[1], v[2], v[3]);
		break;
	case OPT_KIND_IPV4:
		opt_append(out, cap, off, " %u.%u.%u.%u", v[0], v[1], v[2], v[3]);
		break;
	case OPT_KIND_AUTH:
		opt_format_auth(o, out, cap, off);
		break;
	case OPT_KIND_ID64:
		opt_append(out, cap, off, " %02x%02x:%02x%02x:%02x%02x:%02x%02x", v[0], v[1],
			   v[2], v[3], v[4], v[5], v[6], v[7]);
		break;
	case OPT_KIND_RAW:
		opt_format_raw(o, out, cap, off);
		break;
	}
}

void opt_format(const struct opt_desc *tab, size_t n, const uint8_t *opts, size_t len,
		char *out, size_t cap)
{
	struct wire_r r = wire_r_init(opts, len);
	const struct opt_desc *d;
	struct opt o;
	size_t off = strlen(out);
	int ret;

	if (cap == 0)
		return;
	while ((ret = opt_next(&r, OPT_FMT_PPP, &o)) > 0) {
		d = opt_find(tab, n, o.type);
		if (!d || o.raw_len < d->min_len || o.raw_len > d->max_len) {
			/* Unknown or wrong length: type and raw value, never read past it. */
			opt_append(out, cap, &off, " <opt%u", o.type);
			opt_format_raw(&o, out, cap, &off);
			opt_append(out, cap, &off, ">");
			continue;
		}
		opt_append(out, cap, &off, " <%s", d->name);
		opt_format_value(d, &o, out, cap, &off);
		opt_append(out, cap, &off, ">");
	}
	if (ret < 0)
		opt_append(out, cap, &off, " <malformed>");
}

void opt_put(struct wire_w *w, uint8_t type, const void *val, size_t len)
{
	if (len > 253) {
		w->err = true;
		return;
	}
	wire_put_u8(w, type);
	wire_put_u8(w, (uint8_t)(len + 2));
	wire_put_bytes(w, val, len);
}

void opt_put_u16(struct wire_w *w, uint8_t type, uint16_t v)
{
	wire_put_u8(w, type);
	wire_put_u8(w, 4);
	wire_put_be16(w, v);
}

void opt_put_u32(struct wire_w *w, uint8_t type, uint32_t v)
{
	wire_put_u8(w, type);
	wire_put_u8(w, 6);
	wire_put_be32(w, v);
}
