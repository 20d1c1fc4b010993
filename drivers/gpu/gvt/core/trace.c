// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core's trace events (trace.h), instantiated here once.
 */
#include "gvt_internal.h"

#define CREATE_TRACE_POINTS
#include "trace.h"
