// SPDX-License-Identifier: MIT
/*
 * Options that need more than CAP_NET_ADMIN, refused at start with the capability named: under a
 * systemd unit whose bounding set lacked them, --setuid failed after connecting (exit 9, restarted
 * for ever) and --netns failed naming CAP_NET_ADMIN.
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "sstpx.h"

struct cap_need {
	int cap;
	const char *name;
	const char *why;
};

/* privdrop.c: PR_CAPBSET_DROP (CAP_SETPCAP), initgroups and setresgid, setresuid. */
static const struct cap_need setuid_needs[] = {
	{ CAP_SETUID, "CAP_SETUID", "setresuid(2)" },
	{ CAP_SETGID, "CAP_SETGID", "initgroups(3) and setresgid(2)" },
	{ CAP_SETPCAP, "CAP_SETPCAP", "dropping the other capabilities from the bounding set" },
};
/* tun/ns.c: setns(2) into /run/netns/NAME. */
static const struct cap_need netns_need = { CAP_SYS_ADMIN, "CAP_SYS_ADMIN", "setns(2)" };

static bool has(const struct __user_cap_data_struct *d, int cap)
{
	return d[CAP_TO_INDEX(cap)].effective & CAP_TO_MASK(cap);
}

int caps_check_options(const struct opts *o)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = { 0 };

	if (syscall(SYS_capget, &hdr, data))
		return 0;	/* cannot tell: the step itself reports it */
	if (o->netns && !has(data, netns_need.cap)) {
		log_fail("--netns", "\"%s\": entering a network namespace needs %s (%s), which this "
			 "process lacks", o->netns, netns_need.name, netns_need.why);
		return -EPERM;
	}
	for (size_t i = 0; o->setuid_user && i < sizeof(setuid_needs) / sizeof(setuid_needs[0]); i++) {
		if (has(data, setuid_needs[i].cap))
			continue;
		log_fail("--setuid", "\"%s\": switching user needs %s (%s), which this process lacks",
			 o->setuid_user, setuid_needs[i].name, setuid_needs[i].why);
		return -EPERM;
	}
	return 0;
}
