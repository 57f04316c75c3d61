// SPDX-License-Identifier: MIT
/* Private to ppp/: the phase, event queue and first-cause end shared by ppp_link and ppp_srv. */
#ifndef SX_PPP_EVQ_H
#define SX_PPP_EVQ_H

#include "ppp/ppp.h"

/* name prefixes log lines ("ppp", "ppp-srv"); log is copied. */
void ppp_evq_init(struct ppp_evq *q, const char *name, const struct sx_log *log);
void ppp_evq_set_phase(struct ppp_evq *q, enum ppp_phase phase);
/* Copies *ev into the queue; a full queue drops it with an error line. */
void ppp_evq_emit(struct ppp_evq *q, const struct ppp_event *ev);
/* Moves the oldest event to *ev and zeroes its slot (an AUTH_OK slot held the HLAK). */
bool ppp_evq_pop(struct ppp_evq *q, struct ppp_event *ev);
/* Records why the session ends (first cause wins) and closes LCP at the next ppp_evq_settle. */
void ppp_evq_fail(struct ppp_evq *q, enum sx_reason reason, int detail, const char *msg);
/*
 * Runs what fsm notify callbacks deferred, once no fsm step is in progress: a pending failure
 * closes LCP (or, with LCP not started or already finished, ends at once), then DOWN and
 * FINISHED are queued, each once.
 */
void ppp_evq_settle(struct ppp_evq *q, struct fsm *lcp, uint64_t now);

#endif
