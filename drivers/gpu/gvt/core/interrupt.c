// SPDX-License-Identifier: GPL-2.0-only
/*
 * GT interrupt emulation: the IMR/IIR/IER of every interrupt group, the
 * master interrupt control and the vGPU's MSI.
 *
 * An event of an engine sets its bits in the engine's GT group IIR unless
 * the group's IMR masks them. The master register's bits 30:0 show which
 * groups have a bit set in both IIR and IER; bit 31 is the guest's global
 * enable. The MSI is a message, so it is sent on an edge: when "master
 * enabled and something pending" becomes true. Every guest write that can
 * change the condition (MASTER, IMR, IER, IIR) checks it again, so a
 * guest handler that disables the master, clears IIR and re-enables the
 * master while new events are pending gets a new MSI.
 */
#include "gvt_internal.h"

static const u32 gvt_engine_bases[GVT_NUM_ENGINES] = {
	[GVT_ENGINE_RCS] = GVT_RCS_BASE,
	[GVT_ENGINE_VCS] = GVT_VCS_BASE,
	[GVT_ENGINE_VCS2] = GVT_VCS2_BASE,
	[GVT_ENGINE_BCS] = GVT_BCS_BASE,
	[GVT_ENGINE_VECS] = GVT_VECS_BASE,
};

/* Each engine's GT group and the shift of its 16-bit field in it. */
static const struct {
	u8 group;
	u8 shift;
} gvt_engine_irq[GVT_NUM_ENGINES] = {
	[GVT_ENGINE_RCS] = { 0, 0 },
	[GVT_ENGINE_BCS] = { 0, 16 },
	[GVT_ENGINE_VCS] = { 1, 0 },
	[GVT_ENGINE_VCS2] = { 1, 16 },
	[GVT_ENGINE_VECS] = { 3, 0 },
};

/* Groups that feed the master register: ISR offset, field mask, bit. */
static const struct {
	u32 isr;
	u32 mask;
	u8 bit;
} gvt_master_bits[] = {
	{ GVT_REG_GT_ISR(0), 0x0000ffff, 0 },
	{ GVT_REG_GT_ISR(0), 0xffff0000, 1 },
	{ GVT_REG_GT_ISR(1), 0x0000ffff, 2 },
	{ GVT_REG_GT_ISR(1), 0xffff0000, 3 },
	{ GVT_REG_GT_ISR(2), 0xffffffff, 4 },
	{ GVT_REG_GT_ISR(3), 0xffffffff, 6 },
	{ GVT_REG_DE_PIPE_ISR(0), 0xffffffff, 16 },
	{ GVT_REG_DE_PIPE_ISR(1), 0xffffffff, 17 },
	{ GVT_REG_DE_PIPE_ISR(2), 0xffffffff, 18 },
	{ GVT_REG_DE_PORT_ISR, 0xffffffff, 20 },
	{ GVT_REG_DE_MISC_ISR, 0xffffffff, 22 },
	{ GVT_REG_SDE_ISR, 0xffffffff, 23 },
	{ GVT_REG_PCU_ISR, 0xffffffff, 30 },
};

/**
 * gvt_engine_base() - the register block of an engine
 * @e: the engine
 *
 * Return: the offset of the engine's 2 KiB register block.
 */
u32 gvt_engine_base(enum gvt_engine e)
{
	return gvt_engine_bases[e];
}

/* Bits 30:0 of the master register: the groups with an enabled event. */
static u32 gvt_master_pending(struct gvt_vgpu *vgpu)
{
	unsigned int i;
	u32 bits = 0;

	for (i = 0; i < ARRAY_SIZE(gvt_master_bits); i++) {
		u32 isr = gvt_master_bits[i].isr;
		u32 live = *gvt_vreg_ro(vgpu, isr + GVT_IRQ_IIR) &
			   *gvt_vreg_ro(vgpu, isr + GVT_IRQ_IER);

		if (live & gvt_master_bits[i].mask)
			bits |= BIT(gvt_master_bits[i].bit);
	}
	return bits;
}

/* Send the MSI the guest programmed, if it enabled MSI. */
static void gvt_msi_send(struct gvt_vgpu *vgpu)
{
	const u8 *cfg = vgpu->cfg;
	u32 addr, data;
	int ret;

	if (!(cfg[GVT_CFG_MSI_CTL] & GVT_CFG_MSI_ENABLE))
		return;
	if (!vgpu->hv || !vgpu->hv->inject_msi)
		return;
	memcpy(&addr, cfg + GVT_CFG_MSI_ADDR, sizeof(addr));
	data = cfg[GVT_CFG_MSI_DATA] | cfg[GVT_CFG_MSI_DATA + 1] << 8;
	ret = vgpu->hv->inject_msi(vgpu->hv_priv, addr, data);
	if (ret)
		vgpu->counters.irq_errors++;
	else
		vgpu->counters.irqs_injected++;
}

/**
 * gvt_irq_update() - re-check the MSI condition
 * @vgpu: the vGPU, locked
 *
 * Sends the MSI when the master is enabled and an event is pending, and
 * was not both at the previous check.
 */
void gvt_irq_update(struct gvt_vgpu *vgpu)
{
	bool asserted = (*gvt_vreg_ro(vgpu, GVT_REG_MASTER_IRQ) &
			 GVT_MASTER_IRQ_ENABLE) && gvt_master_pending(vgpu);

	if (asserted && !vgpu->irq_asserted)
		gvt_msi_send(vgpu);
	vgpu->irq_asserted = asserted;
}

/**
 * gvt_irq_raise() - an engine raises interrupt events
 * @vgpu: the vGPU, locked
 * @e: the engine
 * @bits: events in the layout of the engine's 16-bit field (GVT_IRQ_*)
 *
 * Bits that the group's IMR does not mask are set in its IIR; then the
 * MSI condition is checked.
 */
void gvt_irq_raise(struct gvt_vgpu *vgpu, enum gvt_engine e, u32 bits)
{
	gvt_irq_raise_group(vgpu, GVT_REG_GT_ISR(gvt_engine_irq[e].group),
			    (bits & 0xffff) << gvt_engine_irq[e].shift);
}

/**
 * gvt_irq_raise_group() - a display or PCH unit raises interrupt events
 * @vgpu: the vGPU, locked
 * @isr: the ISR of the group (GVT_REG_DE_PORT_ISR, GVT_REG_SDE_ISR, ...)
 * @bits: events in the group's layout
 *
 * Bits that the group's IMR does not mask are set in its IIR; then the
 * MSI condition is checked.
 */
void gvt_irq_raise_group(struct gvt_vgpu *vgpu, u32 isr, u32 bits)
{
	bits &= ~*gvt_vreg_ro(vgpu, isr + GVT_IRQ_IMR);
	*gvt_vreg(vgpu, isr + GVT_IRQ_IIR) |= bits;
	gvt_irq_update(vgpu);
}

/**
 * gvt_master_irq_read() - MASTER_IRQ: the enable bit and pending groups
 * @vgpu: the vGPU, locked
 * @offset: MASTER_IRQ
 *
 * Return: bit 31 as the guest wrote it, bits 30:0 derived from IIR & IER
 * of the groups.
 */
u32 gvt_master_irq_read(struct gvt_vgpu *vgpu, u32 offset)
{
	return (*gvt_vreg_ro(vgpu, offset) & GVT_MASTER_IRQ_ENABLE) |
	       gvt_master_pending(vgpu);
}

/**
 * gvt_master_irq_write() - MASTER_IRQ: the guest enables or disables
 * @vgpu: the vGPU, locked
 * @offset: MASTER_IRQ
 * @val: written value; only bit 31 is writable
 * @mask: bits covered by the access
 */
void gvt_master_irq_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			  u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);

	*reg = gvt_merge(*reg, val, mask & GVT_MASTER_IRQ_ENABLE) &
	       GVT_MASTER_IRQ_ENABLE;
	gvt_irq_update(vgpu);
}

/**
 * gvt_irq_reg_write() - an interrupt group's IMR or IER
 * @vgpu: the vGPU, locked
 * @offset: the register
 * @val: written value
 * @mask: bits covered by the access
 */
void gvt_irq_reg_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
		       u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);

	*reg = gvt_merge(*reg, val, mask);
	gvt_irq_update(vgpu);
	gvt_vblank_irq_changed(vgpu, offset);
}
