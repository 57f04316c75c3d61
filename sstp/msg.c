// SPDX-License-Identifier: MIT
/* The SSTP packet codec: stream framing, and strict parse and build of every control message (MS-SSTP 2.2). */
#include <errno.h>
#include <string.h>

#include "sstp/sstp.h"

/* MS-SSTP 2.2.4-2.2.8: each attribute has a fixed length, except Status Info (12 + up to 64). */
struct attr_desc {
	uint16_t min, max;	/* whole attribute, 4-byte header included */
	const char *name;
};

static const struct attr_desc attr_descs[] = {
	[SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID] = { 6, 6, "Encapsulated Protocol Id" },
	[SSTP_ATTR_STATUS_INFO] = { 12, 12 + SSTP_STATUS_VALUE_MAX, "Status Info" },
	[SSTP_ATTR_CRYPTO_BINDING] = { 104, 104, "Crypto Binding" },
	[SSTP_ATTR_CRYPTO_BINDING_REQ] = { 40, 40, "Crypto Binding Request" },
};

/* MS-SSTP 2.2.9-2.2.17: the one attribute kind each message may carry, and how many. */
struct msg_desc {
	uint8_t attr;
	uint8_t min, max;
	const char *name;
};

static const struct msg_desc msg_descs[] = {
	[SSTP_MSG_CALL_CONNECT_REQUEST] = { SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID, 1, 1,
					    "Call Connect Request" },
	[SSTP_MSG_CALL_CONNECT_ACK] = { SSTP_ATTR_CRYPTO_BINDING_REQ, 1, 1, "Connect Ack" },
	[SSTP_MSG_CALL_CONNECT_NAK] = { SSTP_ATTR_STATUS_INFO, 1, SSTP_MSG_MAX_STATUS, "Connect Nak" },
	[SSTP_MSG_CALL_CONNECTED] = { SSTP_ATTR_CRYPTO_BINDING, 1, 1, "Call Connected" },
	[SSTP_MSG_CALL_ABORT] = { SSTP_ATTR_STATUS_INFO, 0, 1, "Call Abort" },
	[SSTP_MSG_CALL_DISCONNECT] = { SSTP_ATTR_STATUS_INFO, 0, 1, "Call Disconnect" },
	[SSTP_MSG_CALL_DISCONNECT_ACK] = { 0, 0, 0, "Call Disconnect Ack" },
	[SSTP_MSG_ECHO_REQUEST] = { 0, 0, 0, "Echo Request" },
	[SSTP_MSG_ECHO_RESPONSE] = { 0, 0, 0, "Echo Response" },
};

#define N_MSG (sizeof(msg_descs) / sizeof(msg_descs[0]))
#define N_ATTR (sizeof(attr_descs) / sizeof(attr_descs[0]))

static const struct msg_desc *msg_desc_get(unsigned type)
{
	if (type == 0 || type >= N_MSG)
		return NULL;
	return &msg_descs[type];
}

const char *sstp_msg_type_str(unsigned type)
{
	const struct msg_desc *d = msg_desc_get(type);

	return d ? d->name : "unknown";
}

const char *sstp_hash_str(uint8_t bitmask)
{
	switch (bitmask & (SSTP_HASH_SHA1 | SSTP_HASH_SHA256)) {
	case SSTP_HASH_SHA1: return "sha1";
	case SSTP_HASH_SHA256: return "sha256";
	case SSTP_HASH_SHA1 | SSTP_HASH_SHA256: return "sha1+sha256";
	}
	return "none";
}

int sstp_msg_frame(const uint8_t *buf, size_t len, size_t *pkt_len, bool *control)
{
	size_t n;

	if (len >= 1 && buf[0] != SSTP_VERSION)
		return -EBADMSG;
	if (len < SSTP_HDR_LEN)
		return -EAGAIN;
	/* MS-SSTP 2.2: the top 4 bits of LengthPacket are reserved and ignored on receipt. */
	n = wire_be16(buf + 2) & 0x0fff;
	*control = buf[1] & 1;
	if (n < (*control ? SSTP_CTL_HDR_LEN : SSTP_HDR_LEN))
		return -EBADMSG;
	if (len < n)
		return -EAGAIN;
	*pkt_len = n;
	return 0;
}

static void parse_attr(struct sstp_msg *m, const struct opt *o)
{
	struct sstp_status_info *s;

	switch ((enum sstp_attr_id)o->type) {
	case SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID:
		m->protocol_id = wire_be16(o->val);
		break;
	case SSTP_ATTR_STATUS_INFO:
		/* MS-SSTP 2.2.8: Reserved1 (3), AttribID (1), Status (4), AttribValue. */
		s = &m->status[m->n_status++];
		s->attr_id = o->val[3];
		s->status = (uint32_t)o->val[4] << 24 | (uint32_t)o->val[5] << 16 |
			    (uint32_t)o->val[6] << 8 | o->val[7];
		s->value_len = (uint8_t)(o->len - 8);
		memcpy(s->value, o->val + 8, s->value_len);
		break;
	case SSTP_ATTR_CRYPTO_BINDING_REQ:
		/* MS-SSTP 2.2.6: Reserved1 (3), Hash Protocol Bitmask (1), Nonce (32). */
		m->hash = o->val[3];
		memcpy(m->nonce, o->val + 4, SSTP_NONCE_LEN);
		break;
	case SSTP_ATTR_CRYPTO_BINDING:
		/* MS-SSTP 2.2.7: Reserved1 (3), Hash Protocol (1), Nonce, Cert Hash, Compound MAC. */
		m->hash = o->val[3];
		memcpy(m->nonce, o->val + 4, SSTP_NONCE_LEN);
		memcpy(m->cert_hash, o->val + 36, CBIND_FIELD_LEN);
		memcpy(m->mac, o->val + 68, CBIND_FIELD_LEN);
		break;
	}
}

static int parse_attrs(struct wire_r *r, const struct msg_desc *d, unsigned nattr,
		       struct sstp_msg *m, const char **why)
{
	unsigned count = 0;
	struct opt o;
	int ret;

	while ((ret = opt_next(r, OPT_FMT_SSTP, &o)) == 1) {
		if (o.type == 0 || o.type >= N_ATTR) {
			*why = "unknown attribute";
			return -EBADMSG;
		}
		if (o.type != d->attr) {
			*why = "attribute not allowed in this message";
			return -EBADMSG;
		}
		if (o.raw_len < attr_descs[o.type].min || o.raw_len > attr_descs[o.type].max) {
			*why = "attribute has the wrong length";
			return -EBADMSG;
		}
		if (++count > d->max) {
			*why = "too many attributes";
			return -EBADMSG;
		}
		parse_attr(m, &o);
	}
	if (ret < 0) {
		*why = "attribute length runs past the packet";
		return -EBADMSG;
	}
	if (count != nattr) {
		*why = "attribute count does not match the attributes";
		return -EBADMSG;
	}
	if (count < d->min) {
		*why = "required attribute missing";
		return -EBADMSG;
	}
	return 0;
}

int sstp_msg_parse(const uint8_t *pkt, size_t len, struct sstp_msg *m, const char **why)
{
	const char *dummy;
	const struct msg_desc *d;
	struct wire_r r;
	unsigned type, nattr;
	int ret = -EBADMSG;

	if (!why)
		why = &dummy;
	*why = NULL;
	memset(m, 0, sizeof(*m));
	if (len < SSTP_CTL_HDR_LEN) {
		*why = "too short for a control packet";
		goto out;
	}
	if (pkt[0] != SSTP_VERSION) {
		*why = "version is not 1.0";
		goto out;
	}
	if (!(pkt[1] & 1)) {
		*why = "not a control packet";
		goto out;
	}
	if ((wire_be16(pkt + 2) & 0x0fff) != len) {
		*why = "length field does not match the packet";
		goto out;
	}
	r = wire_r_init(pkt, len);
	r.off = SSTP_HDR_LEN;
	type = wire_get_be16(&r);
	nattr = wire_get_be16(&r);
	d = msg_desc_get(type);
	if (!d) {
		*why = "unknown message type";
		goto out;
	}
	m->type = (enum sstp_msg_type)type;
	ret = parse_attrs(&r, d, nattr, m, why);
out:
	return ret;
}

static void put_attr_hdr(struct wire_w *w, uint8_t id, size_t len)
{
	wire_put_u8(w, 0);
	wire_put_u8(w, id);
	wire_put_be16(w, (uint16_t)len);
}

static void put_status(struct wire_w *w, const struct sstp_status_info *s)
{
	put_attr_hdr(w, SSTP_ATTR_STATUS_INFO, 12u + s->value_len);
	wire_put_u8(w, 0);
	wire_put_be16(w, 0);
	wire_put_u8(w, s->attr_id);
	wire_put_be32(w, s->status);
	wire_put_bytes(w, s->value, s->value_len);
}

/* MS-SSTP 2.2.6, 2.2.7: both binding attributes begin Reserved1 (3), the hash, the Nonce. */
static void put_binding_head(struct wire_w *w, uint8_t id, size_t len, const struct sstp_msg *m)
{
	put_attr_hdr(w, id, len);
	wire_put_be16(w, 0);
	wire_put_u8(w, 0);
	wire_put_u8(w, m->hash);
	wire_put_bytes(w, m->nonce, SSTP_NONCE_LEN);
}

static void put_attrs(struct wire_w *w, const struct sstp_msg *m, unsigned n)
{
	switch ((enum sstp_attr_id)msg_descs[m->type].attr) {
	case SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID:
		put_attr_hdr(w, SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID, 6);
		wire_put_be16(w, m->protocol_id);
		break;
	case SSTP_ATTR_STATUS_INFO:
		for (unsigned i = 0; i < n; i++)
			put_status(w, &m->status[i]);
		break;
	case SSTP_ATTR_CRYPTO_BINDING_REQ:
		put_binding_head(w, SSTP_ATTR_CRYPTO_BINDING_REQ, 40, m);
		break;
	case SSTP_ATTR_CRYPTO_BINDING:
		put_binding_head(w, SSTP_ATTR_CRYPTO_BINDING, 104, m);
		wire_put_bytes(w, m->cert_hash, CBIND_FIELD_LEN);
		wire_put_bytes(w, m->mac, CBIND_FIELD_LEN);
		break;
	}
}

static unsigned attr_count(const struct sstp_msg *m, const struct msg_desc *d)
{
	if (d->attr == SSTP_ATTR_STATUS_INFO)
		return (unsigned)m->n_status;
	return d->max;
}

int sstp_msg_build(const struct sstp_msg *m, struct wire_w *w)
{
	const struct msg_desc *d = msg_desc_get((unsigned)m->type);
	size_t start = w->off;
	unsigned n;
	int ret = -EINVAL;

	if (!d)
		goto out;
	n = attr_count(m, d);
	if (n < d->min || n > d->max)
		goto out;
	for (unsigned i = 0; d->attr == SSTP_ATTR_STATUS_INFO && i < n; i++)
		if (m->status[i].value_len > SSTP_STATUS_VALUE_MAX)
			goto out;
	/* MS-SSTP 2.2: version 1.0, reserved bits and C = 1, length patched below. */
	wire_put_u8(w, SSTP_VERSION);
	wire_put_u8(w, 1);
	wire_put_be16(w, 0);
	wire_put_be16(w, (uint16_t)m->type);
	wire_put_be16(w, (uint16_t)n);
	if (n)
		put_attrs(w, m, n);
	ret = -EMSGSIZE;
	if (w->err)
		goto out;
	wire_set_be16(w->p + start + 2, (uint16_t)(w->off - start));
	ret = 0;
out:
	return ret;
}
