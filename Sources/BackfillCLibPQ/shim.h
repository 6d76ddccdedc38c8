#ifndef BACKFILL_CLIBPQ_SHIM_H
#define BACKFILL_CLIBPQ_SHIM_H

// Debian 12's libpq-dev 15; pkg-config adds /usr/include/postgresql to the header path.
#include <libpq-fe.h>

#endif
