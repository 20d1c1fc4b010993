/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gvt_sim internal header: shared between the GPU model (sim.c) and its
 * power-on register state (snapshot.c).
 */
#ifndef _GVT_SIM_H_
#define _GVT_SIM_H_

void *gvt_sim_mmio_snapshot_create(void);

#endif /* _GVT_SIM_H_ */
