// SPDX-License-Identifier: MIT
/* RFC 1661 4.1 transcribed as a table, and the names of states, events and packet codes. */
#include "ppp/fsm_table.h"
#include "ppp/proto.h"

#define TLU FSM_A_TLU
#define TLD FSM_A_TLD
#define TLS FSM_A_TLS
#define TLF FSM_A_TLF
#define IRC FSM_A_IRC
#define ZRC FSM_A_ZRC
#define SCR FSM_A_SCR
#define SCA FSM_A_SCA
#define SCN FSM_A_SCN
#define STR FSM_A_STR
#define STA FSM_A_STA
#define SCJ FSM_A_SCJ
#define SER FSM_A_SER

/* One cell: actions/next state, as the RFC writes it. '-' (illegal) keeps the state. */
#define C(a, n) { (uint16_t)(a), (n) }
#define ILL(s) { FSM_A_ILLEGAL, (s) }

/*
 * RFC 1661 4.1, transcribed cell by cell. Columns: 0 Initial, 1 Starting, 2 Closed, 3 Stopped,
 * 4 Closing, 5 Stopping, 6 Req-Sent, 7 Ack-Rcvd, 8 Ack-Sent, 9 Opened.
 * Footnotes, as we implement them:
 *  [r] restart option: not implemented. An Open in Stopped, Closing, Stopping or Opened only
 *      changes state as printed (Closing -> Stopping); the link never re-Opens a running layer.
 *  [p] passive option: not implemented. After TO- in Req-Sent/Ack-Rcvd/Ack-Sent we go to
 *      Stopped with This-Layer-Finished and the link ends the session (an SSTP client has
 *      nothing to wait passively for).
 *  [x] crossed connection: RCA/RCN in Ack-Rcvd or Opened sends a new Configure-Request as
 *      printed. In practice such packets carry a stale id and are dropped before the table.
 * RXJ+ in Ack-Rcvd goes to Req-Sent (6), as printed in the RFC.
 */
static const struct fsm_cell fsm_table[FSM_NEVENTS][FSM_NSTATES] = {
	[FSM_UP] = {
		C(0, 2), C(IRC | SCR, 6), ILL(2), ILL(3), ILL(4), ILL(5),
		ILL(6), ILL(7), ILL(8), ILL(9) },
	[FSM_DOWN] = {
		ILL(0), ILL(1), C(0, 0), C(TLS, 1), C(0, 0), C(0, 1),
		C(0, 1), C(0, 1), C(0, 1), C(TLD, 1) },
	[FSM_OPEN] = {
		C(TLS, 1), C(0, 1), C(IRC | SCR, 6), C(0, 3), C(0, 5), C(0, 5),
		C(0, 6), C(0, 7), C(0, 8), C(0, 9) },
	[FSM_CLOSE] = {
		C(0, 0), C(TLF, 0), C(0, 2), C(0, 2), C(0, 4), C(0, 4),
		C(IRC | STR, 4), C(IRC | STR, 4), C(IRC | STR, 4), C(TLD | IRC | STR, 4) },
	[FSM_TO_POS] = {
		ILL(0), ILL(1), ILL(2), ILL(3), C(STR, 4), C(STR, 5),
		C(SCR, 6), C(SCR, 6), C(SCR, 8), ILL(9) },
	[FSM_TO_NEG] = {
		ILL(0), ILL(1), ILL(2), ILL(3), C(TLF, 2), C(TLF, 3),
		C(TLF, 3), C(TLF, 3), C(TLF, 3), ILL(9) },
	[FSM_RCR_POS] = {
		ILL(0), ILL(1), C(STA, 2), C(IRC | SCR | SCA, 8), C(0, 4), C(0, 5),
		C(SCA, 8), C(SCA | TLU, 9), C(SCA, 8), C(TLD | SCR | SCA, 8) },
	[FSM_RCR_NEG] = {
		ILL(0), ILL(1), C(STA, 2), C(IRC | SCR | SCN, 6), C(0, 4), C(0, 5),
		C(SCN, 6), C(SCN, 7), C(SCN, 6), C(TLD | SCR | SCN, 6) },
	[FSM_RCA] = {
		ILL(0), ILL(1), C(STA, 2), C(STA, 3), C(0, 4), C(0, 5),
		C(IRC, 7), C(SCR, 6), C(IRC | TLU, 9), C(TLD | SCR, 6) },
	[FSM_RCN] = {
		ILL(0), ILL(1), C(STA, 2), C(STA, 3), C(0, 4), C(0, 5),
		C(IRC | SCR, 6), C(SCR, 6), C(IRC | SCR, 8), C(TLD | SCR, 6) },
	[FSM_RTR] = {
		ILL(0), ILL(1), C(STA, 2), C(STA, 3), C(STA, 4), C(STA, 5),
		C(STA, 6), C(STA, 6), C(STA, 6), C(TLD | ZRC | STA, 5) },
	[FSM_RTA] = {
		ILL(0), ILL(1), C(0, 2), C(0, 3), C(TLF, 2), C(TLF, 3),
		C(0, 6), C(0, 6), C(0, 8), C(TLD | SCR, 6) },
	[FSM_RUC] = {
		ILL(0), ILL(1), C(SCJ, 2), C(SCJ, 3), C(SCJ, 4), C(SCJ, 5),
		C(SCJ, 6), C(SCJ, 7), C(SCJ, 8), C(SCJ, 9) },
	[FSM_RXJ_POS] = {
		ILL(0), ILL(1), C(0, 2), C(0, 3), C(0, 4), C(0, 5),
		C(0, 6), C(0, 6), C(0, 8), C(0, 9) },
	[FSM_RXJ_NEG] = {
		ILL(0), ILL(1), C(TLF, 2), C(TLF, 3), C(TLF, 2), C(TLF, 3),
		C(TLF, 3), C(TLF, 3), C(TLF, 3), C(TLD | IRC | STR, 5) },
	[FSM_RXR] = {
		ILL(0), ILL(1), C(0, 2), C(0, 3), C(0, 4), C(0, 5),
		C(0, 6), C(0, 7), C(0, 8), C(SER, 9) },
};


const struct fsm_cell *fsm_table_cell(enum fsm_event ev, enum fsm_state st)
{
	return &fsm_table[ev][st];
}

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
