// SPDX-License-Identifier: MIT
/* The vpnc-script compatible --script hook (placeholder until written). */
#include "hooks.h"
#include "session.h"

void script_phase(struct session *s, enum sx_phase phase)
{
	(void)s;
	(void)phase;
}
