// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page tracking of a vGPU's guest behind VFIO, through KVM's page-track
 * API (x86, CONFIG_KVM_EXTERNAL_WRITE_TRACKING, as kvmgt uses it):
 * gvt_hv_ops.track_page write-protects a guest frame in the VM's memslot,
 * KVM emulates each guest write to it and tells us through the notifier's
 * track_write, and we hand the bytes to the core with
 * gvt_vgpu_page_written(), which keeps its shadow PPGTTs coherent.
 *
 * Only when the device was opened with a KVM instance (QEMU's kvm-vfio
 * device sets &vfio_device.kvm). The KVM functions are taken with
 * symbol_get() at open, so gvt_vfio.ko does not need kvm.ko to load; when
 * they or KVM are missing, or page_track=0, track_page fails and the core
 * re-validates the guest's tables at each submission instead.
 *
 * A guest frame number is the frame's IOVA >> 12: QEMU maps guest RAM
 * into the VFIO container at its guest-physical address.
 */
#include <linux/kvm_host.h>
#include <linux/module.h>
#include <linux/srcu.h>
#include <asm/kvm_page_track.h>

#include "gvt_vfio.h"

static bool page_track = true;
module_param(page_track, bool, 0644);
MODULE_PARM_DESC(page_track,
		 "write-protect the guest's GPU page tables through KVM page tracking (default: on; off: the core re-validates them at each submission)");

static struct gvt_vfio_vgpu *to_v(struct kvm_page_track_notifier_node *n)
{
	return container_of(n, struct gvt_vfio_vgpu, trk.node);
}

/* A guest write KVM emulated on a tracked frame; it is in memory now. */
static void gvt_vfio_track_write(struct kvm_vcpu *vcpu, gpa_t gpa,
				 const u8 *val, int len,
				 struct kvm_page_track_notifier_node *node)
{
	struct gvt_vfio_vgpu *v = to_v(node);
	unsigned int first;

	if (len <= 0)
		return;
	first = min_t(unsigned int, len, PAGE_SIZE - offset_in_page(gpa));
	atomic64_inc(&v->trk.writes);
	gvt_vgpu_page_written(v->vgpu, gpa, val, first);
	if (first < len)
		gvt_vgpu_page_written(v->vgpu, gpa + first, val + first,
				      len - first);
}

/*
 * A memslot goes away with whatever KVM tracked in it: tell the core that
 * every frame of it may have changed, so its shadows get re-validated.
 */
static void gvt_vfio_track_flush_slot(struct kvm *kvm,
				      struct kvm_memory_slot *slot,
				      struct kvm_page_track_notifier_node *node)
{
	struct gvt_vfio_vgpu *v = to_v(node);
	u8 dummy = 0;
	gfn_t gfn;

	for (gfn = slot->base_gfn; gfn < slot->base_gfn + slot->npages; gfn++)
		gvt_vgpu_page_written(v->vgpu, gfn << PAGE_SHIFT, &dummy, 1);
}

/**
 * gvt_vfio_track_page() - &gvt_hv_ops.track_page through KVM
 * @priv: the vGPU
 * @gfn: the guest frame
 * @enable: write-protect it (true) or release it
 *
 * Return: 0, -EOPNOTSUPP without KVM page tracking (the core then
 * re-validates the frame at each submission), -EINVAL for a frame in no
 * memslot of the VM.
 */
int gvt_vfio_track_page(void *priv, u64 gfn, bool enable)
{
	struct gvt_vfio_vgpu *v = priv;
	struct gvt_vfio_track *t = &v->trk;
	struct kvm_memory_slot *slot;
	struct kvm *kvm = t->kvm;
	int idx, ret = 0;

	if (!kvm)
		return -EOPNOTSUPP;
	idx = srcu_read_lock(&kvm->srcu);
	slot = t->gfn_to_memslot(kvm, gfn);
	if (!slot) {
		ret = -EINVAL;
		goto out;
	}
	write_lock(&kvm->mmu_lock);
	if (enable)
		t->add_page(kvm, slot, gfn, KVM_PAGE_TRACK_WRITE);
	else
		t->remove_page(kvm, slot, gfn, KVM_PAGE_TRACK_WRITE);
	write_unlock(&kvm->mmu_lock);
	if (enable)
		atomic_inc(&t->frames);
	else
		atomic_dec(&t->frames);
out:
	srcu_read_unlock(&kvm->srcu, idx);
	if (ret)
		pr_info_ratelimited("gvt_vfio: %s: cannot track guest frame 0x%llx: no memslot\n",
				    dev_name(v->vdev.dev), gfn);
	return ret;
}

static void gvt_vfio_track_put(struct gvt_vfio_track *t)
{
	if (t->reg)
		symbol_put(kvm_page_track_register_notifier);
	if (t->unreg)
		symbol_put(kvm_page_track_unregister_notifier);
	if (t->add_page)
		symbol_put(kvm_slot_page_track_add_page);
	if (t->remove_page)
		symbol_put(kvm_slot_page_track_remove_page);
	if (t->gfn_to_memslot)
		symbol_put(gfn_to_memslot);
	t->reg = NULL;
	t->unreg = NULL;
	t->add_page = NULL;
	t->remove_page = NULL;
	t->gfn_to_memslot = NULL;
}

/**
 * gvt_vfio_track_start() - register with the VM's page tracking
 * @v: the vGPU, being opened; before gvt_vfio_dma_attach()
 *
 * Without a KVM instance, with page_track=0 or without KVM's page-track
 * functions, tracking stays off (and debugfs says so).
 */
void gvt_vfio_track_start(struct gvt_vfio_vgpu *v)
{
	struct gvt_vfio_track *t = &v->trk;
	struct kvm *kvm = v->vdev.kvm;

	t->kvm = NULL;
	atomic_set(&t->frames, 0);
	atomic64_set(&t->writes, 0);
	if (!kvm || !READ_ONCE(page_track))
		return;
	/* Else KVM write-tracks nothing with TDP, and WARNs at add_page. */
	if (!IS_ENABLED(CONFIG_KVM_EXTERNAL_WRITE_TRACKING)) {
		dev_info(v->vdev.dev, "this kernel has no CONFIG_KVM_EXTERNAL_WRITE_TRACKING: the core re-validates guest page tables at each submission\n");
		return;
	}
	t->reg = symbol_get(kvm_page_track_register_notifier);
	t->unreg = symbol_get(kvm_page_track_unregister_notifier);
	t->add_page = symbol_get(kvm_slot_page_track_add_page);
	t->remove_page = symbol_get(kvm_slot_page_track_remove_page);
	t->gfn_to_memslot = symbol_get(gfn_to_memslot);
	if (!t->reg || !t->unreg || !t->add_page || !t->remove_page ||
	    !t->gfn_to_memslot) {
		dev_info(v->vdev.dev, "KVM page tracking unavailable: the core re-validates guest page tables at each submission\n");
		gvt_vfio_track_put(t);
		return;
	}
	t->node.track_write = gvt_vfio_track_write;
	t->node.track_flush_slot = gvt_vfio_track_flush_slot;
	t->reg(kvm, &t->node);
	t->kvm = kvm;
}

/**
 * gvt_vfio_track_stop() - leave the VM's page tracking
 * @v: the vGPU, being closed; after gvt_vfio_dma_detach(), when the core
 *     has released every frame it tracked
 */
void gvt_vfio_track_stop(struct gvt_vfio_vgpu *v)
{
	struct gvt_vfio_track *t = &v->trk;

	if (!t->kvm)
		return;
	WARN_ONCE(atomic_read(&t->frames),
		  "gvt_vfio: %d guest frames still tracked at close\n",
		  atomic_read(&t->frames));
	/* Waits for a track_write in progress (SRCU). */
	t->unreg(t->kvm, &t->node);
	t->kvm = NULL;
	gvt_vfio_track_put(t);
}
