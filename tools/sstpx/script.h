// SPDX-License-Identifier: MIT
/* The part of the --script hook (script.c) that netup.c calls, beside script_phase in hooks.h. */
#ifndef SSTPX_SCRIPT_H
#define SSTPX_SCRIPT_H

struct session;

/* Runs the script with reason=disconnect if "connect" ran for this attempt; call it while the
 * TUN device still exists (vpnc-script deletes its address and routes on it). */
void script_disconnect(struct session *s);

#endif
