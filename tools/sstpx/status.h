// SPDX-License-Identifier: MIT
/*
 * Where the status control socket lives, shared by the server side (status.c, in the running
 * sstpx) and the client side (status_cmd.c, `sstpx status`). The protocol: connect, read one JSON
 * document until the server closes; nothing is sent.
 */
#ifndef SSTPX_STATUS_H
#define SSTPX_STATUS_H

#include <stdbool.h>

#define STATUS_DIR "/run/sstpx"
#define STATUS_SUFFIX ".sock"
#define STATUS_NAME_MAX 64
#define STATUS_DOC_MAX 8192	/* the largest document a running sstpx sends */

/* True when name can name a socket: 1..STATUS_NAME_MAX of [A-Za-z0-9._@-], not starting with '.'. */
bool status_name_ok(const char *name);

/*
 * The running sstpx's socket path, or NULL when it has none: for whoever must remove it on its
 * behalf (after --setuid, sstpx itself may not: /run/sstpx is root's).
 */
const char *status_socket_path(void);

#endif
