// SPDX-License-Identifier: MIT
/* libFuzzer target: any bytes as an SSTP packet; what parses must build, re-parse and rebuild identically. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sstp/sstp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_rebuild(const struct sstp_msg *m)
{
	uint8_t a[SSTP_MAX_LEN], b[SSTP_MAX_LEN];
	struct wire_w wa = wire_w_init(a, sizeof(a)), wb = wire_w_init(b, sizeof(b));
	struct sstp_msg back;
	const char *why = NULL;
	size_t plen;
	bool control;

	if (sstp_msg_build(m, &wa))
		abort();
	if (sstp_msg_frame(a, wa.off, &plen, &control) || plen != wa.off || !control)
		abort();
	if (sstp_msg_parse(a, wa.off, &back, &why) || why)
		abort();
	if (sstp_msg_build(&back, &wb) || wb.off != wa.off || memcmp(a, b, wa.off))
		abort();
	if (back.type != m->type || back.n_status != m->n_status)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sstp_msg m;
	const char *why = NULL;
	const uint8_t *frame;
	size_t plen, flen;
	bool control;
	int ret;

	ret = sstp_msg_parse(data, size, &m, &why);
	if (ret == 0) {
		static const uint8_t zero[32];

		check_rebuild(&m);
		/* The server's binding check on arbitrary input: a verdict, never a crash. */
		ret = sstp_cbind_verify(data, size, 3, zero, zero, zero, zero, &why);
		if (ret != 0 && ret != -EBADMSG && ret != -EPROTO)
			abort();
		if ((ret == 0) != (m.type == SSTP_MSG_CALL_CONNECTED && !why))
			abort();
	} else if (!why) {
		abort();	/* every rejection names its reason */
	}
	ret = sstp_msg_frame(data, size, &plen, &control);
	if (ret == 0) {
		if (plen > size || plen < SSTP_HDR_LEN)
			abort();
		if (!control && (sstp_data_parse(data, plen, &frame, &flen) || flen != plen - 4))
			abort();
		if (control)
			sstp_msg_parse(data, plen, &m, &why);
	}
	return 0;
}
