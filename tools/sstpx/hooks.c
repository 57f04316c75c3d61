// SPDX-License-Identifier: MIT
/* Hands each phase of a session to the observers registered with it, in registration order. */
#include <errno.h>
#include <stdlib.h>

#include "hooks.h"
#include "log.h"

const char *sx_phase_name(enum sx_phase phase)
{
	switch (phase) {
	case SX_PHASE_START: return "start";
	case SX_PHASE_RESOLVING: return "resolving";
	case SX_PHASE_TCP: return "tcp";
	case SX_PHASE_TLS: return "tls";
	case SX_PHASE_HTTP: return "http";
	case SX_PHASE_SSTP: return "sstp";
	case SX_PHASE_PPP: return "ppp";
	case SX_PHASE_AUTHENTICATED: return "authenticated";
	case SX_PHASE_CONNECTED: return "connected";
	case SX_PHASE_DISCONNECTING: return "disconnecting";
	case SX_PHASE_DISCONNECTED: return "disconnected";
	case SX_PHASE_RECONNECTING: return "reconnecting";
	case SX_PHASE_EXIT: return "exit";
	}
	return "?";
}

int hooks_add(struct hooks *h, const struct sx_observer *ops)
{
	void *self = NULL;

	if (h->n >= HOOKS_MAX)
		return -ENOBUFS;
	if (ops->self_size && !(self = calloc(1, ops->self_size)))
		return -ENOMEM;
	h->obs[h->n].ops = ops;
	h->obs[h->n].self = self;
	h->n++;
	return 0;
}

int hooks_init(struct hooks *h, struct session *s)
{
	int ret = 0;

	for (unsigned i = 0; !ret && i < h->n; i++)
		if (h->obs[i].ops->init)
			ret = h->obs[i].ops->init(s, h->obs[i].self);
	return ret;
}

void hooks_free(struct hooks *h, struct session *s)
{
	for (unsigned i = 0; i < h->n; i++) {
		if (h->obs[i].ops->free)
			h->obs[i].ops->free(s, h->obs[i].self);
		free(h->obs[i].self);
		h->obs[i].self = NULL;
	}
	h->n = 0;
}

int hooks_phase(struct hooks *h, struct session *s, enum sx_phase phase)
{
	int ret = 0;

	log_debug("phase: %s", sx_phase_name(phase));
	for (unsigned i = 0; !ret && i < h->n; i++) {
		if (h->obs[i].ops->phase)
			ret = h->obs[i].ops->phase(s, h->obs[i].self, phase);
		if (ret)
			log_debug("phase: %s: %s failed (exit %d)", sx_phase_name(phase),
				  h->obs[i].ops->name, ret);
	}
	return ret;
}

void hooks_ready(struct hooks *h, struct session *s, const struct loop_ready *r)
{
	for (unsigned i = 0; i < h->n; i++)
		if (h->obs[i].ops->ready)
			h->obs[i].ops->ready(s, h->obs[i].self, r);
}

void hooks_device_down(struct hooks *h, struct session *s)
{
	for (unsigned i = 0; i < h->n; i++)
		if (h->obs[i].ops->device_down)
			h->obs[i].ops->device_down(s, h->obs[i].self);
}

void hooks_network_changed(struct hooks *h, struct session *s, const struct sx_netchange *nc)
{
	for (unsigned i = 0; i < h->n; i++)
		if (h->obs[i].ops->network_changed)
			h->obs[i].ops->network_changed(s, h->obs[i].self, nc);
}

void hooks_pushed(struct hooks *h, struct session *s)
{
	for (unsigned i = 0; i < h->n; i++)
		if (h->obs[i].ops->pushed)
			h->obs[i].ops->pushed(s, h->obs[i].self);
}
