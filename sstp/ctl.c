// SPDX-License-Identifier: MIT
/* The client's SSTP control machine (MS-SSTP 3.2.1): Call Connect Request, Ack or Nak, and Call Connected with the crypto binding, on the call core of call.c. */
#include <errno.h>
#include <string.h>

#include "sstp/call.h"

#define LOG(ctl, lvl, ...) sstp_call_log(&(ctl)->call, SX_LOG_##lvl, __VA_ARGS__)

static void rcvd_connect_ack(struct sstp_ctl *ctl, const struct sstp_msg *m, uint64_t now)
{
	LOG(ctl, INFO, "rcvd Connect Ack hash=%s", sstp_hash_str(m->hash));
	if (!(m->hash & (SSTP_HASH_SHA1 | SSTP_HASH_SHA256))) {
		sstp_call_abort(&ctl->call, SX_REASON_PROTOCOL, "ack: no hash protocol we know", 0,
				SSTP_STATUS_VALUE_NOT_SUPPORTED, now);
		return;
	}
	ctl->offered = m->hash;
	memcpy(ctl->nonce, m->nonce, SSTP_NONCE_LEN);
	sstp_call_opened(&ctl->call, m->hash, now);
}

static void rcvd_nak(struct sstp_ctl *ctl, const struct sstp_msg *m)
{
	LOG(ctl, INFO, "rcvd Connect Nak status=%u attr=%u", (unsigned)m->status[0].status,
	    (unsigned)m->status[0].attr_id);
	/* The server refused our only offer (PPP): there is nothing else to propose. */
	sstp_call_down(&ctl->call, SX_REASON_CONNECT_NAK, "peer: Connect Nak", &m->status[0]);
	sstp_call_finish(&ctl->call);
}

/* The client's half of the set-up: only the answer to its Call Connect Request. */
static bool client_rcvd(struct sstp_call *call, const struct sstp_msg *m, const uint8_t *pkt,
			size_t len, uint64_t now)
{
	struct sstp_ctl *ctl = SSTP_CALL_OWNER(call, struct sstp_ctl);

	(void)pkt;
	(void)len;
	if (call->state != SSTP_CALL_OPENING)
		return false;
	if (m->type == SSTP_MSG_CALL_CONNECT_ACK)
		rcvd_connect_ack(ctl, m, now);
	else if (m->type == SSTP_MSG_CALL_CONNECT_NAK)
		rcvd_nak(ctl, m);
	else
		return false;
	return true;
}

static const struct sstp_call_role client_role = {
	.name = "sstp", .hello_idle_default = 10000, .rcvd = client_rcvd,
	.opening = "connect-request-sent", .opening_timeout = "negotiation: no Connect Ack",
	.binding = "connect-ack-received", .binding_timeout = "negotiation: no Call Connected",
};

SSTP_CALL_VERBS(sstp_ctl, client_role)

int sstp_ctl_init(struct sstp_ctl *ctl, const struct sstp_ctl_cfg *cfg)
{
	if (!ctl || !cfg)
		return -EINVAL;
	memset(ctl, 0, sizeof(*ctl));
	sstp_call_init(&ctl->call, &client_role, &cfg->log, SSTP_CALL_TIMERS_OF(cfg));
	return 0;
}

int sstp_ctl_start(struct sstp_ctl *ctl, uint64_t now_ms)
{
	struct sstp_msg m = { .type = SSTP_MSG_CALL_CONNECT_REQUEST, .protocol_id = SSTP_ENCAP_PPP };

	return sstp_call_start(&ctl->call, &m, now_ms);
}

int sstp_ctl_set_cert_hash(struct sstp_ctl *ctl, enum cbind_hash hash,
			   const uint8_t cert_hash[static CBIND_FIELD_LEN])
{
	unsigned i = hash == CBIND_SHA256;

	if (hash != CBIND_SHA1 && hash != CBIND_SHA256)
		return -EINVAL;
	memcpy(ctl->cert_hash[i], cert_hash, CBIND_FIELD_LEN);
	ctl->cert_hash_set[i] = true;
	return 0;
}

int sstp_ctl_bind(struct sstp_ctl *ctl, const uint8_t hlak[static CBIND_HLAK_LEN],
		  uint64_t now_ms)
{
	/* MS-SSTP 3.2.5.2 / sstp-facts.md: prefer SHA256 when offered. */
	enum cbind_hash hash = ctl->offered & SSTP_HASH_SHA256 ? CBIND_SHA256 : CBIND_SHA1;
	uint8_t cc[SSTP_CALL_CONNECTED_LEN];
	int ret = -EPROTO;

	if (ctl->call.state != SSTP_CALL_BINDING)
		goto out;
	ret = -EINVAL;
	if (!ctl->cert_hash_set[hash == CBIND_SHA256])
		goto out;
	ret = sstp_cbind_build(hash, ctl->nonce, ctl->cert_hash[hash == CBIND_SHA256], hlak, cc);
	if (!ret)
		ret = sstp_call_queue(&ctl->call, cc, sizeof(cc));
	if (ret)
		goto out;
	LOG(ctl, INFO, "sent Call Connected hash=%s", sstp_hash_str((uint8_t)hash));
	sstp_call_connected(&ctl->call, (uint8_t)hash, now_ms);
out:
	return ret;
}

uint64_t sstp_ctl_next_deadline(const struct sstp_ctl *ctl)
{
	return sstp_call_next_deadline(&ctl->call);
}

int sstp_ctl_tick(struct sstp_ctl *ctl, uint64_t now_ms)
{
	sstp_call_tick(&ctl->call, now_ms);
	return 0;
}

int sstp_ctl_pop_event(struct sstp_ctl *ctl, struct sstp_event *ev)
{
	return sstp_call_pop_event(&ctl->call, ev);
}
