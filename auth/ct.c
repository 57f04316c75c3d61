// SPDX-License-Identifier: MIT
/* Constant-time memory comparison for MACs and authenticator responses. */
#include "auth/auth.h"

int auth_memcmp_ct(const void *a, const void *b, size_t len)
{
	const volatile uint8_t *x = a;
	const volatile uint8_t *y = b;
	volatile uint8_t diff = 0;
	size_t i;

	/* Every byte is read whatever the earlier ones were: no early exit to time. */
	for (i = 0; i < len; i++)
		diff = (uint8_t)(diff | (x[i] ^ y[i]));
	return diff != 0;
}
