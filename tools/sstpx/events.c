// SPDX-License-Identifier: MIT
/* --events json: one JSON object per line on stdout for each phase (placeholder until written). */
#include "hooks.h"
#include "session.h"

int events_init(struct session *s)
{
	(void)s;
	return 0;
}

void events_phase(struct session *s, enum sx_phase phase)
{
	(void)s;
	(void)phase;
}
