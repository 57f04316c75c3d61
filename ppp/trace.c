// SPDX-License-Identifier: MIT
/* One stable text line per PPP frame for -v and tests; secrets (the PAP password) are never shown. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ppp/chap.h"
#include "ppp/eap.h"
#include "ppp/pap.h"
#include "ppp/proto.h"
#include "ppp/wire.h"

struct tbuf {
	char *p;
	size_t cap;
	size_t off;
};

static void tput(struct tbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tput(struct tbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->off + 1 >= b->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->off, b->cap - b->off, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	b->off += (size_t)n;
	if (b->off >= b->cap)
		b->off = b->cap - 1;
}

/* Untrusted text from the peer: printable ASCII only, quoted. */
static void tput_text(struct tbuf *b, const char *label, const uint8_t *s, size_t len)
{
	tput(b, " %s=\"", label);
	for (size_t i = 0; i < len && i < 64; i++)
		tput(b, "%c", s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' ? s[i] : '?');
	tput(b, len > 64 ? "...\"" : "\"");
}

static const char *proto_name(uint16_t proto)
{
	switch (proto) {
	case PPP_IP: return "IP";
	case PPP_IPV6: return "IPv6";
	case PPP_IPCP: return "IPCP";
	case PPP_IPV6CP: return "IPv6CP";
	case PPP_CCP: return "CCP";
	case PPP_LCP: return "LCP";
	case PPP_PAP: return "PAP";
	case PPP_CHAP: return "CHAP";
	case PPP_EAP: return "EAP";
	}
	return NULL;
}

/* RFC 3748 4: code, identifier and, for Requests and Responses, the type; never the data. */
static void trace_eap(struct tbuf *b, uint8_t code, uint8_t id, const uint8_t *d, size_t dlen)
{
	static const char *const codes[] = { NULL, "Request", "Response", "Success", "Failure" };

	if (code >= 1 && code <= 4)
		tput(b, " %s id=%u", codes[code], id);
	else
		tput(b, " code %u id=%u", code, id);
	if ((code == EAP_REQUEST || code == EAP_RESPONSE) && dlen)
		tput(b, " %s len=%zu", eap_type_name(d[0]), dlen - 1);
}

/* RFC 1661 5 codes; options as "<type value-hex>" for Configure-* packets. */
static void trace_cp(struct tbuf *b, const uint8_t *d, size_t len)
{
	struct wire_r r = wire_r_init(d, len);
	struct opt o;
	int ret;

	if (!len)
		return;
	ret = opt_next(&r, OPT_FMT_PPP, &o);
	for (; ret == 1; ret = opt_next(&r, OPT_FMT_PPP, &o)) {
		tput(b, " <%u", o.type);
		if (o.len)
			tput(b, " ");
		for (size_t i = 0; i < o.len && i < 16; i++)
			tput(b, "%02x", o.val[i]);
		tput(b, o.len > 16 ? "...>" : ">");
	}
	if (ret < 0)
		tput(b, " <malformed>");
}

static const char *cp_code_name(uint8_t code)
{
	static const char *const names[] = {
		[CP_CONFREQ] = "ConfReq", [CP_CONFACK] = "ConfAck", [CP_CONFNAK] = "ConfNak",
		[CP_CONFREJ] = "ConfRej", [CP_TERMREQ] = "TermReq", [CP_TERMACK] = "TermAck",
		[CP_CODEREJ] = "CodeRej", [CP_PROTREJ] = "ProtRej", [CP_ECHOREQ] = "EchoReq",
		[CP_ECHOREP] = "EchoRep", [CP_DISCREQ] = "DiscReq", [CP_IDENT] = "Ident",
		[CP_TIMEREM] = "TimeRem",
	};

	return code < sizeof(names) / sizeof(names[0]) && names[code] ? names[code] : NULL;
}

static void trace_chap(struct tbuf *b, uint8_t code, uint8_t id, const uint8_t *d, size_t len)
{
	static const char *const names[] = { NULL, "Challenge", "Response", "Success", "Failure" };

	tput(b, " %s id=%u", code >= 1 && code <= 4 ? names[code] : "code?", id);
	if ((code == CHAP_CHALLENGE || code == CHAP_RESPONSE) && len >= 1 && (size_t)d[0] + 1 <= len)
		tput_text(b, "name", d + 1 + d[0], len - 1 - d[0]);
	else if (code == CHAP_SUCCESS || code == CHAP_FAILURE)
		tput_text(b, "msg", d, len);
}

static void trace_pap(struct tbuf *b, uint8_t code, uint8_t id, const uint8_t *d, size_t len)
{
	static const char *const names[] = { NULL, "Authenticate-Request", "Authenticate-Ack",
					     "Authenticate-Nak" };

	tput(b, " %s id=%u", code >= 1 && code <= 3 ? names[code] : "code?", id);
	if (code == PAP_AUTH_REQ && len >= 1 && (size_t)d[0] + 2 <= len) {
		tput_text(b, "user", d + 1, d[0]);
		tput(b, " password=<%u bytes>", d[1 + d[0]]);	/* never the password itself */
	} else if ((code == PAP_AUTH_ACK || code == PAP_AUTH_NAK) && len >= 1 &&
		   (size_t)d[0] + 1 <= len) {
		tput_text(b, "msg", d + 1, d[0]);
	}
}

void ppp_trace(const uint8_t *frame, size_t len, char *out, size_t cap)
{
	struct tbuf b = { .p = out, .cap = cap };
	const uint8_t *info, *d;
	const char *name;
	size_t ilen, dlen;
	uint16_t proto;

	if (!cap)
		return;
	out[0] = '\0';
	if (ppp_frame_parse(frame, len, &proto, &info, &ilen)) {
		tput(&b, "malformed frame len=%zu", len);
		return;
	}
	name = proto_name(proto);
	if (name)
		tput(&b, "%s", name);
	else
		tput(&b, "proto 0x%04x", proto);
	if (proto == PPP_IP || proto == PPP_IPV6 || !name || proto == PPP_CCP ||
	    ilen < CP_HDRLEN || wire_be16(info + 2) < CP_HDRLEN || wire_be16(info + 2) > ilen) {
		tput(&b, " len=%zu", ilen);
		return;
	}
	d = info + CP_HDRLEN;
	dlen = wire_be16(info + 2) - CP_HDRLEN;
	if (proto == PPP_CHAP) {
		trace_chap(&b, info[0], info[1], d, dlen);
		return;
	}
	if (proto == PPP_PAP) {
		trace_pap(&b, info[0], info[1], d, dlen);
		return;
	}
	if (proto == PPP_EAP) {
		trace_eap(&b, info[0], info[1], d, dlen);
		return;
	}
	if (cp_code_name(info[0]))
		tput(&b, " %s id=%u", cp_code_name(info[0]), info[1]);
	else
		tput(&b, " code %u id=%u", info[0], info[1]);
	if (info[0] >= CP_CONFREQ && info[0] <= CP_CONFREJ)
		trace_cp(&b, d, dlen);
	else if (dlen)
		tput(&b, " len=%zu", dlen);
}
