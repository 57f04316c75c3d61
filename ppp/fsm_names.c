// SPDX-License-Identifier: MIT
/* Names of automaton states, events and packet codes, for trace lines and tests. */
#include "ppp/fsm.h"
#include "ppp/proto.h"

const char *fsm_state_name(enum fsm_state st)
{
	static const char *const names[FSM_NSTATES] = {
		"Initial", "Starting", "Closed", "Stopped", "Closing", "Stopping", "Req-Sent",
		"Ack-Rcvd", "Ack-Sent", "Opened",
	};

	return (unsigned)st < FSM_NSTATES ? names[st] : "?";
}

const char *fsm_event_name(enum fsm_event ev)
{
	static const char *const names[FSM_NEVENTS] = {
		"Up", "Down", "Open", "Close", "TO+", "TO-", "RCR+", "RCR-", "RCA", "RCN", "RTR",
		"RTA", "RUC", "RXJ+", "RXJ-", "RXR",
	};

	return (unsigned)ev < FSM_NEVENTS ? names[ev] : "?";
}

const char *fsm_code_name(uint8_t code)
{
	static const char *const names[] = {
		[CP_CONFREQ] = "Configure-Request", [CP_CONFACK] = "Configure-Ack",
		[CP_CONFNAK] = "Configure-Nak", [CP_CONFREJ] = "Configure-Reject",
		[CP_TERMREQ] = "Terminate-Request", [CP_TERMACK] = "Terminate-Ack",
		[CP_CODEREJ] = "Code-Reject", [CP_PROTREJ] = "Protocol-Reject",
		[CP_ECHOREQ] = "Echo-Request", [CP_ECHOREP] = "Echo-Reply",
		[CP_DISCREQ] = "Discard-Request", [CP_IDENT] = "Identification",
		[CP_TIMEREM] = "Time-Remaining",
	};

	if (code < sizeof(names) / sizeof(names[0]) && names[code])
		return names[code];
	return "code";
}
