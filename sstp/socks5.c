// SPDX-License-Identifier: MIT
/* SOCKS5 CONNECT (RFC 1928) with username/password authentication (RFC 1929), I/O-free. */
#include <errno.h>
#include <string.h>

#include "sstp/socks5.h"

enum socks5_state {
	S5_GREET,		/* send the method list */
	S5_METHOD,		/* read 05 METHOD */
	S5_AUTH,		/* send 01 ULEN UNAME PLEN PASSWD */
	S5_AUTH_REPLY,		/* read 01 STATUS */
	S5_CONNECT,		/* send 05 01 00 ATYP ADDR PORT */
	S5_REPLY,		/* read 05 REP 00 ATYP BND.ADDR BND.PORT */
	S5_DONE,
};

int socks5_init(struct socks5 *s, const struct socks5_cfg *cfg)
{
	if (!s || !cfg || cfg->port == 0 || cfg->port > 65535 ||
	    (cfg->addr_len != 0 && cfg->addr_len != 4 && cfg->addr_len != 16) ||
	    (!cfg->addr_len && (!cfg->host || !*cfg->host || strlen(cfg->host) > 255)) ||
	    (cfg->user && (!cfg->password || !*cfg->user || strlen(cfg->user) > 255 ||
			   !*cfg->password || strlen(cfg->password) > 255)))
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	return 0;
}

static int connect_req(struct socks5 *s, uint8_t *buf, size_t cap)
{
	size_t n = 4;

	if (cap < 4 + 1 + 255 + 2)
		return -EMSGSIZE;
	buf[0] = 5;
	buf[1] = 1;	/* CONNECT */
	buf[2] = 0;
	if (s->cfg.addr_len) {
		buf[3] = s->cfg.addr_len == 4 ? 1 : 4;
		memcpy(buf + 4, s->cfg.addr, s->cfg.addr_len);
		n += s->cfg.addr_len;
	} else {
		/* RFC 1928 5: ATYP 3, one length octet, the name without a NUL (socks5h). */
		size_t hl = strlen(s->cfg.host);

		buf[3] = 3;
		buf[4] = (uint8_t)hl;
		memcpy(buf + 5, s->cfg.host, hl);
		n += 1 + hl;
	}
	buf[n++] = (uint8_t)(s->cfg.port >> 8);
	buf[n++] = (uint8_t)s->cfg.port;
	s->state = S5_REPLY;
	s->have = 0;
	s->need = 5;	/* up to the first octet of BND.ADDR (a name's length) */
	return (int)n;
}

int socks5_next(struct socks5 *s, uint8_t *buf, size_t cap)
{
	size_t ul, pl;

	switch ((enum socks5_state)s->state) {
	case S5_GREET:
		if (cap < 4)
			return -EMSGSIZE;
		/* RFC 1928 3: offer user/pass (02) only when we have credentials. */
		buf[0] = 5;
		buf[1] = s->cfg.user ? 2 : 1;
		buf[2] = 0;
		buf[3] = 2;
		s->state = S5_METHOD;
		s->have = 0;
		s->need = 2;
		return s->cfg.user ? 4 : 3;
	case S5_AUTH:
		ul = strlen(s->cfg.user);
		pl = strlen(s->cfg.password);
		if (cap < 3 + ul + pl)
			return -EMSGSIZE;
		/* RFC 1929 2: VER 1, ULEN, UNAME, PLEN, PASSWD. */
		buf[0] = 1;
		buf[1] = (uint8_t)ul;
		memcpy(buf + 2, s->cfg.user, ul);
		buf[2 + ul] = (uint8_t)pl;
		memcpy(buf + 3 + ul, s->cfg.password, pl);
		s->state = S5_AUTH_REPLY;
		s->have = 0;
		s->need = 2;
		return (int)(3 + ul + pl);
	case S5_CONNECT:
		return connect_req(s, buf, cap);
	case S5_METHOD:
	case S5_AUTH_REPLY:
	case S5_REPLY:
	case S5_DONE:
		break;
	}
	return 0;
}

static void finish(struct socks5 *s, enum socks5_outcome o)
{
	s->outcome = o;
	s->state = S5_DONE;
}

/* A complete reply of s->need bytes in s->buf: 0, 1 when it turns out longer, or -EBADMSG. */
static int reply(struct socks5 *s)
{
	switch ((enum socks5_state)s->state) {
	case S5_METHOD:
		if (s->buf[0] != 5)
			return -EBADMSG;
		s->method = s->buf[1];
		if (s->method == 0xFF) {
			finish(s, SOCKS5_OUT_NO_METHOD);
			return 0;
		}
		if (s->method == 2 && s->cfg.user)
			s->state = S5_AUTH;
		else if (s->method == 0)
			s->state = S5_CONNECT;
		else
			return -EBADMSG;	/* a method we did not offer */
		return 0;
	case S5_AUTH_REPLY:
		/* RFC 1929 2: VER 1 (some servers answer 5), STATUS 0 = success. */
		if (s->buf[0] != 1 && s->buf[0] != 5)
			return -EBADMSG;
		if (s->buf[1] != 0)
			finish(s, SOCKS5_OUT_AUTH_FAILED);
		else
			s->state = S5_CONNECT;
		return 0;
	case S5_REPLY:
		if (s->buf[0] != 5 || s->buf[2] != 0)
			return -EBADMSG;
		s->reply = s->buf[1];
		if (s->reply != 0) {
			finish(s, SOCKS5_OUT_REFUSED);
			return 0;
		}
		if (s->need == 5) {
			/* RFC 1928 6: the bound address by ATYP, then the port. */
			switch (s->buf[3]) {
			case 1:
				s->need = 4 + 4 + 2;
				break;
			case 3:
				s->need = 5 + s->buf[4] + 2;
				break;
			case 4:
				s->need = 4 + 16 + 2;
				break;
			default:
				return -EBADMSG;
			}
			return 1;
		}
		finish(s, SOCKS5_OUT_OPEN);
		return 0;
	case S5_GREET:
	case S5_AUTH:
	case S5_CONNECT:
	case S5_DONE:
		break;
	}
	return -EPROTO;
}

int socks5_input(struct socks5 *s, const uint8_t *data, size_t len, size_t *consumed)
{
	size_t i = 0;
	int ret = -EAGAIN;

	*consumed = 0;
	if (s->state != S5_METHOD && s->state != S5_AUTH_REPLY && s->state != S5_REPLY) {
		/* Nothing is expected: the proxy spoke out of turn. */
		ret = len ? -EPROTO : -EAGAIN;
		goto out;
	}
	do {
		while (i < len && s->have < s->need)
			s->buf[s->have++] = data[i++];
		*consumed = i;
		if (s->have < s->need) {
			ret = -EAGAIN;
			goto out;
		}
		ret = reply(s);
	} while (ret == 1);
out:
	return ret;
}

const char *socks5_reply_str(uint8_t rep)
{
	/* RFC 1928 6. */
	static const char *const text[] = {
		"succeeded",
		"general SOCKS server failure",
		"connection not allowed by ruleset",
		"network unreachable",
		"host unreachable",
		"connection refused",
		"TTL expired",
		"command not supported",
		"address type not supported",
	};

	return rep < sizeof(text) / sizeof(text[0]) ? text[rep] : "unassigned reply code";
}
