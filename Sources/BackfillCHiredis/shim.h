#ifndef BACKFILL_CHIREDIS_SHIM_H
#define BACKFILL_CHIREDIS_SHIM_H

// Debian 12's libhiredis-dev 0.14.1. No pkg-config here on purpose: Debian's hiredis.pc adds
// -D_FILE_OFFSET_BITS=64, which SwiftPM warns about on every build, and the header is on the default path.
#include <hiredis/hiredis.h>
#include <sys/time.h>

static inline int backfill_hiredis_major(void) { return HIREDIS_MAJOR; }
static inline int backfill_hiredis_minor(void) { return HIREDIS_MINOR; }

/// A `struct timeval` from milliseconds, so Swift need not know the field types of this platform.
static inline struct timeval backfill_timeval_ms(long long milliseconds) {
    struct timeval tv;
    tv.tv_sec = (time_t)(milliseconds / 1000);
    tv.tv_usec = (suseconds_t)((milliseconds % 1000) * 1000);
    return tv;
}

#endif
