// SPDX-License-Identifier: MIT
/*
 * The vocabulary of RFC 1661 4: the automaton's states and events, the action bits, the 4.1
 * transition table (ppp/fsm_table.c) and their names. No behaviour: ppp/fsm.c runs the table.
 */
#ifndef SX_PPP_FSM_TABLE_H
#define SX_PPP_FSM_TABLE_H

#include <stdint.h>

/* RFC 1661 4.2 */
enum fsm_state {
	FSM_INITIAL,
	FSM_STARTING,
	FSM_CLOSED,
	FSM_STOPPED,
	FSM_CLOSING,
	FSM_STOPPING,
	FSM_REQ_SENT,
	FSM_ACK_RCVD,
	FSM_ACK_SENT,
	FSM_OPENED,
};
#define FSM_NSTATES 10

/* RFC 1661 4.3 */
enum fsm_event {
	FSM_UP,
	FSM_DOWN,
	FSM_OPEN,
	FSM_CLOSE,
	FSM_TO_POS,
	FSM_TO_NEG,
	FSM_RCR_POS,
	FSM_RCR_NEG,
	FSM_RCA,
	FSM_RCN,
	FSM_RTR,
	FSM_RTA,
	FSM_RUC,
	FSM_RXJ_POS,
	FSM_RXJ_NEG,
	FSM_RXR,
};
#define FSM_NEVENTS 16
/* Not an event: what a classifier returns for a packet that is dropped. */
#define FSM_DROP ((enum fsm_event)FSM_NEVENTS)

/* RFC 1661 4.4 actions, as bits of a table cell. */
#define FSM_A_TLU 0x0001u
#define FSM_A_TLD 0x0002u
#define FSM_A_TLS 0x0004u
#define FSM_A_TLF 0x0008u
#define FSM_A_IRC 0x0010u
#define FSM_A_ZRC 0x0020u
#define FSM_A_SCR 0x0040u
#define FSM_A_SCA 0x0080u
#define FSM_A_SCN 0x0100u
#define FSM_A_STR 0x0200u
#define FSM_A_STA 0x0400u
#define FSM_A_SCJ 0x0800u
#define FSM_A_SER 0x1000u
#define FSM_A_ILLEGAL 0x8000u	/* '-' in the RFC table: logged, no action, state kept */

struct fsm_cell {
	uint16_t actions;
	uint8_t next;		/* enum fsm_state */
};

/* The RFC 1661 4.1 cell for (event, state); exposed so tests can walk the table. */
const struct fsm_cell *fsm_table_cell(enum fsm_event ev, enum fsm_state st);

const char *fsm_state_name(enum fsm_state st);
const char *fsm_event_name(enum fsm_event ev);
const char *fsm_code_name(uint8_t code);

#endif
