// SPDX-License-Identifier: GPL-2.0-only
/*
 * GVT-g vGPU as a VFIO device: the emulated-IOMMU group of an mdev, a
 * type1v2 container, the device fd, VFIO_DEVICE_GET_INFO, the PCI
 * config region (identity, BAR sizing, read-only bits, bad accesses) and
 * the interrupt ioctls (GET_IRQ_INFO, SET_IRQS), and the device request
 * (REQ) that lets a GPU go while a user holds one of its vGPUs.
 *
 * GVT_PARENT=<device> selects the parent; by default the first parent
 * with GVTg_V5_* types and a free instance is used.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <linux/vfio.h>

#include "gvt_test.h"

FIXTURE(vfio) {
	struct gvt_env env;
	const struct gvt_parent *parent;
	struct gvt_vgpus vgpus;
	char uuid[GVT_UUID_LEN + 1];
	char group_path[128];
	const char *why;
	int container;
	int group;
	int device;
};

FIXTURE_SETUP(vfio)
{
	int i, j;

	self->container = -1;
	self->group = -1;
	self->device = -1;
	self->why = gvt_need(&self->env, 1);
	if (self->why)
		return;

	for (i = 0; i < self->env.nr_parents; i++) {
		const struct gvt_parent *p = &self->env.parents[i];

		for (j = 0; j < p->nr_types; j++) {
			if (gvt_available(p, &p->types[j]) < 1)
				continue;
			ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, p,
						      &p->types[j],
						      self->uuid));
			self->parent = p;
			ASSERT_EQ(0, gvt_vfio_group_path(self->uuid,
							 self->group_path,
							 sizeof(self->group_path)));
			return;
		}
	}
	self->why = "no parent has an instance available";
}

FIXTURE_TEARDOWN(vfio)
{
	char path[GVT_PATH_LEN];

	/* the device must be closed before the mdev can go */
	if (self->device >= 0)
		close(self->device);
	if (self->group >= 0)
		close(self->group);
	if (self->container >= 0)
		close(self->container);
	EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
	/* remove_while_open unbinds a gvt_sim GPU: never leave it so */
	if (self->parent && self->parent->sim) {
		snprintf(path, sizeof(path), GVT_MDEV_BUS "/%s",
			 self->parent->name);
		if (access(path, F_OK))
			gvt_write("/sys/bus/platform/drivers/gvt_sim/bind",
				  self->parent->name,
				  strlen(self->parent->name));
	}
}

/* Open the container and the group, check the group is viable. */
static void __open_group(struct __test_metadata *_metadata,
			 const char *path, int *container, int *group)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };

	*container = open("/dev/vfio/vfio", O_RDWR);
	ASSERT_LE(0, *container);
	EXPECT_EQ(VFIO_API_VERSION, ioctl(*container, VFIO_GET_API_VERSION));
	EXPECT_LT(0, ioctl(*container, VFIO_CHECK_EXTENSION,
			   VFIO_TYPE1v2_IOMMU));

	*group = open(path, O_RDWR);
	ASSERT_LE(0, *group) {
		TH_LOG("open %s: %s", path, strerror(errno));
	}
	ASSERT_EQ(0, ioctl(*group, VFIO_GROUP_GET_STATUS, &status));
	EXPECT_TRUE(status.flags & VFIO_GROUP_FLAGS_VIABLE);
	EXPECT_FALSE(status.flags & VFIO_GROUP_FLAGS_CONTAINER_SET);
}

/* in a TEST_F body: the fixture's group */
#define open_group() \
	__open_group(_metadata, self->group_path, &self->container, \
		     &self->group)

/* Container with a type1v2 IOMMU, then the device fd. */
static void __open_device(struct __test_metadata *_metadata,
			  const char *path, const char *uuid,
			  int *container, int *group, int *device)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	int type = VFIO_TYPE1v2_IOMMU;

	__open_group(_metadata, path, container, group);
	ASSERT_EQ(0, ioctl(*group, VFIO_GROUP_SET_CONTAINER, container));
	ASSERT_EQ(0, ioctl(*group, VFIO_GROUP_GET_STATUS, &status));
	EXPECT_TRUE(status.flags & VFIO_GROUP_FLAGS_CONTAINER_SET);
	ASSERT_EQ(0, ioctl(*container, VFIO_SET_IOMMU, type));
	*device = ioctl(*group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	ASSERT_LE(0, *device) {
		TH_LOG("VFIO_GROUP_GET_DEVICE_FD(%s): %s", uuid,
		       strerror(errno));
	}
}

/* in a TEST_F body: the fixture's vGPU */
#define open_device() \
	__open_device(_metadata, self->group_path, self->uuid, \
		      &self->container, &self->group, &self->device)

TEST_F(vfio, device_info)
{
	struct vfio_device_info info;

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();

	memset(&info, 0, sizeof(info));
	info.argsz = sizeof(info);
	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_TRUE(info.flags & VFIO_DEVICE_FLAGS_PCI);
	EXPECT_FALSE(info.flags & (VFIO_DEVICE_FLAGS_PLATFORM |
				   VFIO_DEVICE_FLAGS_AMBA |
				   VFIO_DEVICE_FLAGS_CCW |
				   VFIO_DEVICE_FLAGS_AP));
	/* the PCI regions, then the OpRegion, the two plane regions, the EDID */
	EXPECT_EQ(VFIO_PCI_NUM_REGIONS + 4, info.num_regions);
	EXPECT_EQ(VFIO_PCI_NUM_IRQS, info.num_irqs);
}

TEST_F(vfio, device_info_argsz)
{
	struct vfio_device_info info;
	/* offsetofend(struct vfio_device_info, num_irqs) */
	const unsigned int minsz = offsetof(struct vfio_device_info,
					    num_irqs) + sizeof(info.num_irqs);

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();

	/* exactly the fields up to num_irqs is enough */
	memset(&info, 0, sizeof(info));
	info.argsz = minsz;
	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_EQ(VFIO_PCI_NUM_REGIONS + 4, info.num_regions);

	memset(&info, 0, sizeof(info));
	info.argsz = minsz - 1;
	EXPECT_EQ(-1, ioctl(self->device, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_EQ(EINVAL, errno);

	memset(&info, 0, sizeof(info));
	info.argsz = 0;
	EXPECT_EQ(-1, ioctl(self->device, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
}

/* The device cannot be opened before the group has a usable container. */
TEST_F(vfio, device_needs_container)
{
	if (self->why)
		SKIP(return, "%s", self->why);
	open_group();

	EXPECT_EQ(-1, ioctl(self->group, VFIO_GROUP_GET_DEVICE_FD,
			    self->uuid));
	EXPECT_EQ(EINVAL, errno);

	ASSERT_EQ(0, ioctl(self->group, VFIO_GROUP_SET_CONTAINER,
			   &self->container));
	/* container without an IOMMU model */
	EXPECT_EQ(-1, ioctl(self->group, VFIO_GROUP_GET_DEVICE_FD,
			    self->uuid));
	EXPECT_EQ(EINVAL, errno);
}

/* A name that is not in the group is refused. */
TEST_F(vfio, unknown_device_name)
{
	char other[GVT_UUID_LEN + 1];

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();
	gvt_uuid(other);
	EXPECT_EQ(-1, ioctl(self->group, VFIO_GROUP_GET_DEVICE_FD, other));
	EXPECT_EQ(ENODEV, errno);
}

/* Each vGPU gets a group of its own. */
TEST_F(vfio, group_per_vgpu)
{
	char uuid[GVT_UUID_LEN + 1], path[128];
	int i, j, created = 0;

	if (self->why)
		SKIP(return, "%s", self->why);
	for (i = 0; i < self->env.nr_parents && !created; i++) {
		const struct gvt_parent *p = &self->env.parents[i];

		for (j = 0; j < p->nr_types && !created; j++) {
			if (gvt_available(p, &p->types[j]) < 1)
				continue;
			ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, p,
						      &p->types[j], uuid));
			created = 1;
		}
	}
	if (!created)
		SKIP(return, "no room for a second vGPU");
	ASSERT_EQ(0, gvt_vfio_group_path(uuid, path, sizeof(path)));
	EXPECT_STRNE(self->group_path, path);
}

/* Closing the device fd lets the mdev go; the group goes with it. */
TEST_F(vfio, remove_after_close)
{
	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();
	ASSERT_EQ(0, close(self->device));
	self->device = -1;
	ASSERT_EQ(0, close(self->group));
	self->group = -1;

	ASSERT_EQ(0, gvt_vgpus_remove(&self->vgpus, self->uuid));
	EXPECT_FALSE(gvt_mdev_exists(self->uuid));
	EXPECT_NE(0, access(self->group_path, F_OK));
}

/* Offset of @index in the device fd, as vfio-pci lays regions out. */
#define REGION_OFFSET(index)	((off_t)(index) << 40)
#define CFG			REGION_OFFSET(VFIO_PCI_CONFIG_REGION_INDEX)

static unsigned int cfg_read(int fd, unsigned int off, unsigned int len)
{
	unsigned char b[4] = { 0 };
	unsigned int i, val = 0;

	if (pread(fd, b, len, CFG + off) != (ssize_t)len)
		return 0xdeadbeef;
	for (i = 0; i < len; i++)
		val |= (unsigned int)b[i] << (8 * i);
	return val;
}

static int cfg_write(int fd, unsigned int off, unsigned int len,
		     unsigned int val)
{
	unsigned char b[4];
	unsigned int i;

	for (i = 0; i < len; i++)
		b[i] = val >> (8 * i);
	return pwrite(fd, b, len, CFG + off) == (ssize_t)len ? 0 : -errno;
}

TEST_F(vfio, config_region_info)
{
	struct vfio_region_info info;

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();

	memset(&info, 0, sizeof(info));
	info.argsz = sizeof(info);
	info.index = VFIO_PCI_CONFIG_REGION_INDEX;
	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_GET_REGION_INFO, &info));
	EXPECT_EQ(4096, info.size);
	EXPECT_EQ(CFG, (off_t)info.offset);
	EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE,
		  info.flags);

	info.index = VFIO_PCI_NUM_REGIONS + 4;
	EXPECT_EQ(-1, ioctl(self->device, VFIO_DEVICE_GET_REGION_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	info.index = VFIO_PCI_CONFIG_REGION_INDEX;
	info.argsz = offsetof(struct vfio_region_info, offset);
	EXPECT_EQ(-1, ioctl(self->device, VFIO_DEVICE_GET_REGION_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
}

#define OPREGION_SIZE		8192
#define OPREGION_TYPE		(VFIO_REGION_TYPE_PCI_VENDOR_TYPE | 0x8086)

/* A region's info with room for a capability chain behind it. */
struct region_info_caps {
	struct vfio_region_info info;
	unsigned char caps[256];
};

/* The IGD OpRegion, found the way QEMU's x-igd-opregion=on finds it. */
static int find_opregion(struct __test_metadata *_metadata, int device,
			 struct region_info_caps *r)
{
	int index = gvt_vfio_find_region(device, OPREGION_TYPE,
					 VFIO_REGION_SUBTYPE_INTEL_IGD_OPREGION,
					 &r->info, sizeof(*r));

	EXPECT_LE(0, index) {
		TH_LOG("no single OpRegion region: %s", strerror(-index));
	}
	return index;
}

TEST_F(vfio, opregion_region_info)
{
	struct vfio_region_info_cap_type *type;
	struct region_info_caps r;
	struct vfio_region_info info;
	int index;

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();

	index = find_opregion(_metadata, self->device, &r);
	ASSERT_EQ(VFIO_PCI_NUM_REGIONS, index);
	EXPECT_EQ(OPREGION_SIZE, r.info.size);
	EXPECT_EQ(REGION_OFFSET(index), (off_t)r.info.offset);
	EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_CAPS,
		  r.info.flags);
	ASSERT_EQ(sizeof(r.info), r.info.cap_offset);
	type = (void *)r.caps;
	EXPECT_EQ(VFIO_REGION_INFO_CAP_TYPE, type->header.id);
	EXPECT_EQ(1, type->header.version);
	EXPECT_EQ(0, type->header.next);
	EXPECT_EQ(OPREGION_TYPE, type->type);
	EXPECT_EQ(VFIO_REGION_SUBTYPE_INTEL_IGD_OPREGION, type->subtype);
	/* argsz ends with the structure: the size it needs, no chain */
	memset(&info, 0, sizeof(info));
	info.argsz = sizeof(info);
	info.index = index;
	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_GET_REGION_INFO, &info));
	EXPECT_EQ(sizeof(info) + sizeof(*type), info.argsz);
	EXPECT_EQ(0, info.cap_offset);
	EXPECT_EQ(OPREGION_SIZE, info.size);
	EXPECT_TRUE(info.flags & VFIO_REGION_INFO_FLAG_CAPS);
	/* one byte short of the chain: the same */
	memset(&r, 0xa5, sizeof(r));
	memset(&r.info, 0, sizeof(r.info));
	r.info.argsz = sizeof(info) + sizeof(*type) - 1;
	r.info.index = index;
	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_GET_REGION_INFO,
			   &r.info));
	EXPECT_EQ(sizeof(info) + sizeof(*type), r.info.argsz);
	EXPECT_EQ(0, r.info.cap_offset);
	EXPECT_EQ(0xa5, r.caps[0]);
	/* the fixed part only: still refused below it */
	info.argsz = offsetof(struct vfio_region_info, offset);
	EXPECT_EQ(-1, ioctl(self->device, VFIO_DEVICE_GET_REGION_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(vfio, opregion_read)
{
	static unsigned char buf[OPREGION_SIZE + 64];
	const off_t base = REGION_OFFSET(VFIO_PCI_NUM_REGIONS);
	unsigned char b[64];
	unsigned int vbt_size;

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();

	/* QEMU reads it whole, in one pread */
	ASSERT_EQ(OPREGION_SIZE, pread(self->device, buf, OPREGION_SIZE,
				       base));
	EXPECT_EQ(0, memcmp(buf, "IntelGraphicsMem", 16));
	EXPECT_EQ(8, buf[0x10] | buf[0x11] << 8);	/* KiB */
	EXPECT_EQ(2, buf[0x17]);			/* version 2.0 */
	EXPECT_EQ(3, buf[0x1ac]);			/* CLID: lid open */
	EXPECT_EQ(0, memcmp(buf + 0x400, "$VBT", 4));
	vbt_size = buf[0x418] | buf[0x419] << 8;
	EXPECT_LE(48 + 22, vbt_size);
	EXPECT_GE(OPREGION_SIZE - 0x400, vbt_size);
	EXPECT_EQ(0, memcmp(buf + 0x430, "BIOS_DATA_BLOCK ", 16));

	/* any piece inside reads the same bytes */
	ASSERT_EQ(16, pread(self->device, b, 16, base + 0x400));
	EXPECT_EQ(0, memcmp(b, buf + 0x400, 16));
	ASSERT_EQ(1, pread(self->device, b, 1, base + OPREGION_SIZE - 1));
	EXPECT_EQ(buf[OPREGION_SIZE - 1], b[0]);

	/* past the end, or crossing it: nothing */
	EXPECT_EQ(-1, pread(self->device, buf, OPREGION_SIZE + 1, base));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(self->device, b, 2, base + OPREGION_SIZE - 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(self->device, b, 1, base + OPREGION_SIZE));
	EXPECT_EQ(EINVAL, errno);
	/* read-only: a write is refused and changes nothing */
	memset(b, 0, sizeof(b));
	EXPECT_EQ(-1, pwrite(self->device, b, 16, base));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(16, pread(self->device, b, 16, base));
	EXPECT_EQ(0, memcmp(b, "IntelGraphicsMem", 16));
	/*
	 * after it, the plane regions (gvt_plane_test), the EDID region
	 * (gvt_display_test), then nothing
	 */
	EXPECT_EQ(-1, pread(self->device, b, 4,
			    REGION_OFFSET(VFIO_PCI_NUM_REGIONS + 4)));
	EXPECT_EQ(EINVAL, errno);
}

/* The PCI id of a PCI parent, or of the simulated GPU. */
static long parent_pci_id(const struct gvt_parent *p, const char *attr,
			  long sim_value)
{
	char path[GVT_PATH_LEN];
	long val;

	if (p->sim)
		return sim_value;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", p->name,
		 attr);
	return gvt_read_long(path, &val) ? -1 : val;
}

TEST_F(vfio, config_identity)
{
	unsigned char cfg[4096];
	unsigned int pos, n = 0;
	bool msi = false;

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();

	/* The whole space in one read, as QEMU does. */
	ASSERT_EQ(sizeof(cfg), pread(self->device, cfg, sizeof(cfg), CFG));
	EXPECT_EQ(parent_pci_id(self->parent, "vendor", 0x8086),
		  cfg[0] | cfg[1] << 8);
	EXPECT_EQ(parent_pci_id(self->parent, "device", 0x5912),
		  cfg[2] | cfg[3] << 8);
	EXPECT_EQ(0x03, cfg[0x0b]);		/* display controller, */
	EXPECT_EQ(0x00, cfg[0x0a]);		/* VGA compatible */
	EXPECT_EQ(0x00, cfg[0x09]);
	EXPECT_EQ(0, cfg[0x0e]);		/* type 0 header */
	EXPECT_EQ(0x10, cfg[0x06] & 0x10);	/* capability list */
	EXPECT_EQ(0, cfg[0x51]);		/* no stolen memory */

	pos = cfg[0x34];
	while (pos && n++ < 48) {
		ASSERT_TRUE(pos >= 0x40 && pos < 0x100);
		if (cfg[pos] == 0x05)
			msi = true;
		pos = cfg[pos + 1];
	}
	EXPECT_EQ(0, pos);
	EXPECT_TRUE(msi);

	/* Identity is read-only. */
	EXPECT_EQ(0, cfg_write(self->device, 0, 4, 0x12345678));
	EXPECT_EQ((unsigned int)(cfg[0] | cfg[1] << 8 | cfg[2] << 16 |
				 cfg[3] << 24),
		  cfg_read(self->device, 0, 4));
}

TEST_F(vfio, config_bar_sizing)
{
	unsigned int size_lo;

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();

	/* BAR0: 64-bit memory BAR of 16 MiB. */
	EXPECT_EQ(0x4, cfg_read(self->device, 0x10, 4) & 0xf);
	ASSERT_EQ(0, cfg_write(self->device, 0x10, 4, 0xffffffff));
	ASSERT_EQ(0, cfg_write(self->device, 0x14, 4, 0xffffffff));
	EXPECT_EQ(0xff000004, cfg_read(self->device, 0x10, 4));
	EXPECT_EQ(0xffffffff, cfg_read(self->device, 0x14, 4));

	/* BAR2: 64-bit prefetchable, the aperture. */
	EXPECT_EQ(0xc, cfg_read(self->device, 0x18, 4) & 0xf);
	ASSERT_EQ(0, cfg_write(self->device, 0x18, 4, 0xffffffff));
	if (self->parent->aperture_mb > 0 && !self->parent->aperture_guessed) {
		size_lo = ~((unsigned int)self->parent->aperture_mb * 0x100000 -
			    1) | 0xc;
		EXPECT_EQ(size_lo, cfg_read(self->device, 0x18, 4));
	}

	/* No BAR4/5, no expansion ROM. */
	ASSERT_EQ(0, cfg_write(self->device, 0x20, 4, 0xffffffff));
	ASSERT_EQ(0, cfg_write(self->device, 0x30, 4, 0xffffffff));
	EXPECT_EQ(0, cfg_read(self->device, 0x20, 4));
	EXPECT_EQ(0, cfg_read(self->device, 0x30, 4));

	/* COMMAND keeps only its writable bits. */
	ASSERT_EQ(0, cfg_write(self->device, 0x04, 2, 0xffff));
	EXPECT_EQ(0x547, cfg_read(self->device, 0x04, 2));
}

TEST_F(vfio, config_bad_access)
{
	unsigned char b[8];

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();

	EXPECT_EQ(-1, pread(self->device, b, 4, CFG + 4096));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(self->device, b, 4, CFG + 4094));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pwrite(self->device, b, 8, CFG + 4092));
	EXPECT_EQ(EINVAL, errno);
}

static int irq_info(int device, unsigned int index, unsigned int argsz,
		    struct vfio_irq_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = argsz;
	info->index = index;
	return ioctl(device, VFIO_DEVICE_GET_IRQ_INFO, info) ? -errno : 0;
}

/* INTx and MSI, one vector each, signalled through an eventfd. */
TEST_F(vfio, irq_info)
{
	struct vfio_irq_info info;

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();

	ASSERT_EQ(0, irq_info(self->device, VFIO_PCI_INTX_IRQ_INDEX,
			      sizeof(info), &info));
	EXPECT_EQ(VFIO_PCI_INTX_IRQ_INDEX, info.index);
	EXPECT_EQ(1, info.count);
	EXPECT_TRUE(info.flags & VFIO_IRQ_INFO_EVENTFD);

	ASSERT_EQ(0, irq_info(self->device, VFIO_PCI_MSI_IRQ_INDEX,
			      sizeof(info), &info));
	EXPECT_EQ(VFIO_PCI_MSI_IRQ_INDEX, info.index);
	EXPECT_EQ(1, info.count);
	EXPECT_TRUE(info.flags & VFIO_IRQ_INFO_EVENTFD);
}

TEST_F(vfio, irq_info_bad)
{
	struct vfio_irq_info info;

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();

	EXPECT_EQ(-EINVAL, irq_info(self->device, VFIO_PCI_NUM_IRQS,
				    sizeof(info), &info));
	EXPECT_EQ(-EINVAL, irq_info(self->device, 0xffffffff, sizeof(info),
				    &info));
	/* offsetofend(struct vfio_irq_info, count) is the minimum */
	EXPECT_EQ(-EINVAL, irq_info(self->device, VFIO_PCI_MSI_IRQ_INDEX,
				    offsetof(struct vfio_irq_info, count),
				    &info));
	EXPECT_EQ(-EINVAL, irq_info(self->device, VFIO_PCI_MSI_IRQ_INDEX, 0,
				    &info));
}

/* struct vfio_irq_set followed by @count eventfds */
struct irq_set {
	struct vfio_irq_set hdr;
	int32_t fds[2];
};

static int set_irqs(int device, unsigned int argsz, unsigned int flags,
		    unsigned int index, unsigned int start,
		    unsigned int count, const int32_t *fds)
{
	struct irq_set set;

	memset(&set, 0, sizeof(set));
	set.hdr.argsz = argsz;
	set.hdr.flags = flags;
	set.hdr.index = index;
	set.hdr.start = start;
	set.hdr.count = count;
	if (fds)
		memcpy(set.fds, fds, count * sizeof(fds[0]));
	return ioctl(device, VFIO_DEVICE_SET_IRQS, &set) ? -errno : 0;
}

#define MSI_TRIGGER	(VFIO_IRQ_SET_ACTION_TRIGGER | \
			 VFIO_IRQ_SET_DATA_EVENTFD)
#define MSI_RELEASE	(VFIO_IRQ_SET_ACTION_TRIGGER | VFIO_IRQ_SET_DATA_NONE)
#define SET_SIZE(n)	(sizeof(struct vfio_irq_set) + (n) * sizeof(int32_t))

/* An eventfd for the MSI vector is taken, released, and taken again. */
TEST_F(vfio, set_irqs_msi)
{
	uint64_t count = 0;
	int32_t fd[2];

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();
	fd[0] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	fd[1] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, fd[0]);
	ASSERT_LE(0, fd[1]);

	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(1), MSI_TRIGGER,
			      VFIO_PCI_MSI_IRQ_INDEX, 0, 1, fd));
	/* loopback: DATA_NONE with count 1 signals the eventfd */
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(0), MSI_RELEASE,
			      VFIO_PCI_MSI_IRQ_INDEX, 0, 1, NULL));
	EXPECT_EQ(sizeof(count), read(fd[0], &count, sizeof(count)));
	EXPECT_EQ(1, count);
	/* replacing the eventfd: the new one is signalled, not the old */
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(1), MSI_TRIGGER,
			      VFIO_PCI_MSI_IRQ_INDEX, 0, 1, fd + 1));
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(0), MSI_RELEASE,
			      VFIO_PCI_MSI_IRQ_INDEX, 0, 1, NULL));
	EXPECT_EQ(sizeof(count), read(fd[1], &count, sizeof(count)));
	EXPECT_EQ(1, count);
	EXPECT_EQ(-1, read(fd[0], &count, sizeof(count)));
	EXPECT_EQ(EAGAIN, errno);
	/* DATA_NONE with count 0 releases the vector */
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(0), MSI_RELEASE,
			      VFIO_PCI_MSI_IRQ_INDEX, 0, 0, NULL));
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(1), MSI_TRIGGER,
			      VFIO_PCI_MSI_IRQ_INDEX, 0, 1, fd));
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(0), MSI_RELEASE,
			      VFIO_PCI_MSI_IRQ_INDEX, 0, 0, NULL));
	/* releasing what is not set is fine too */
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(0), MSI_RELEASE,
			      VFIO_PCI_MSI_IRQ_INDEX, 0, 0, NULL));

	/* closing the device with an eventfd attached releases it */
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(1), MSI_TRIGGER,
			      VFIO_PCI_MSI_IRQ_INDEX, 0, 1, fd));
	close(fd[0]);
	close(fd[1]);
}

/*
 * INTx never fires, but QEMU masks, unmasks and hands in an unmask
 * eventfd as for any INTx line: accepted, with the eventfd checked.
 */
TEST_F(vfio, set_irqs_intx)
{
	int32_t fd[2];

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();
	fd[0] = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, fd[0]);
	fd[1] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd[1]);

	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(1), MSI_TRIGGER,
			      VFIO_PCI_INTX_IRQ_INDEX, 0, 1, fd));
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(1),
			      VFIO_IRQ_SET_ACTION_UNMASK |
			      VFIO_IRQ_SET_DATA_EVENTFD,
			      VFIO_PCI_INTX_IRQ_INDEX, 0, 1, fd));
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(0),
			      VFIO_IRQ_SET_ACTION_MASK | VFIO_IRQ_SET_DATA_NONE,
			      VFIO_PCI_INTX_IRQ_INDEX, 0, 1, NULL));
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(0),
			      VFIO_IRQ_SET_ACTION_UNMASK |
			      VFIO_IRQ_SET_DATA_NONE,
			      VFIO_PCI_INTX_IRQ_INDEX, 0, 1, NULL));
	/* an unmask "eventfd" that is not one */
	EXPECT_EQ(-EINVAL, set_irqs(self->device, SET_SIZE(1),
				    VFIO_IRQ_SET_ACTION_UNMASK |
				    VFIO_IRQ_SET_DATA_EVENTFD,
				    VFIO_PCI_INTX_IRQ_INDEX, 0, 1, fd + 1));
	/* MSI is not maskable */
	EXPECT_EQ(-EINVAL, set_irqs(self->device, SET_SIZE(0),
				    VFIO_IRQ_SET_ACTION_MASK |
				    VFIO_IRQ_SET_DATA_NONE,
				    VFIO_PCI_MSI_IRQ_INDEX, 0, 1, NULL));
	close(fd[0]);
	close(fd[1]);
}

TEST_F(vfio, set_irqs_bad)
{
	int32_t fd[2];

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();
	fd[0] = eventfd(0, EFD_CLOEXEC);
	fd[1] = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, fd[0]);
	ASSERT_LE(0, fd[1]);

	/* index out of range */
	EXPECT_EQ(-EINVAL, set_irqs(self->device, SET_SIZE(1), MSI_TRIGGER,
				    VFIO_PCI_NUM_IRQS, 0, 1, fd));
	/* argsz below the header, or without room for the data */
	EXPECT_EQ(-EINVAL, set_irqs(self->device,
				    offsetof(struct vfio_irq_set, count),
				    MSI_TRIGGER, VFIO_PCI_MSI_IRQ_INDEX, 0, 1,
				    fd));
	EXPECT_EQ(-EINVAL, set_irqs(self->device, SET_SIZE(0), MSI_TRIGGER,
				    VFIO_PCI_MSI_IRQ_INDEX, 0, 1, fd));
	/* MSI has one vector */
	EXPECT_EQ(-EINVAL, set_irqs(self->device, SET_SIZE(2), MSI_TRIGGER,
				    VFIO_PCI_MSI_IRQ_INDEX, 0, 2, fd));
	EXPECT_EQ(-EINVAL, set_irqs(self->device, SET_SIZE(1), MSI_TRIGGER,
				    VFIO_PCI_MSI_IRQ_INDEX, 1, 1, fd));
	/* two data types, or none */
	EXPECT_EQ(-EINVAL, set_irqs(self->device, SET_SIZE(1),
				    MSI_TRIGGER | VFIO_IRQ_SET_DATA_BOOL,
				    VFIO_PCI_MSI_IRQ_INDEX, 0, 1, fd));
	EXPECT_EQ(-EINVAL, set_irqs(self->device, SET_SIZE(1),
				    VFIO_IRQ_SET_ACTION_TRIGGER,
				    VFIO_PCI_MSI_IRQ_INDEX, 0, 1, fd));
	/* two actions */
	EXPECT_EQ(-EINVAL, set_irqs(self->device, SET_SIZE(1),
				    MSI_TRIGGER | VFIO_IRQ_SET_ACTION_MASK,
				    VFIO_PCI_MSI_IRQ_INDEX, 0, 1, fd));
	close(fd[0]);
	close(fd[1]);
}

/*
 * The device request (REQ) eventfd, as vfio-pci offers it: QEMU arms it
 * and answers a request by unplugging the device.
 */
TEST_F(vfio, req_irq)
{
	struct vfio_irq_info info;
	uint64_t count = 0;
	int32_t fd;

	if (self->why)
		SKIP(return, "%s", self->why);
	open_device();
	ASSERT_EQ(0, irq_info(self->device, VFIO_PCI_REQ_IRQ_INDEX,
			      sizeof(info), &info));
	EXPECT_EQ(1, info.count);
	EXPECT_TRUE(info.flags & VFIO_IRQ_INFO_EVENTFD);
	fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, set_irqs(self->device, SET_SIZE(1), MSI_TRIGGER,
			      VFIO_PCI_REQ_IRQ_INDEX, 0, 1, &fd));
	/* loopback, as for MSI */
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(0), MSI_RELEASE,
			      VFIO_PCI_REQ_IRQ_INDEX, 0, 1, NULL));
	EXPECT_EQ(sizeof(count), read(fd, &count, sizeof(count)));
	EXPECT_EQ(1, count);
	/* one vector, trigger only */
	EXPECT_EQ(-EINVAL, set_irqs(self->device, SET_SIZE(1), MSI_TRIGGER,
				    VFIO_PCI_REQ_IRQ_INDEX, 1, 1, &fd));
	EXPECT_EQ(-EINVAL, set_irqs(self->device, SET_SIZE(0),
				    VFIO_IRQ_SET_ACTION_MASK |
				    VFIO_IRQ_SET_DATA_NONE,
				    VFIO_PCI_REQ_IRQ_INDEX, 0, 1, NULL));
	EXPECT_EQ(0, set_irqs(self->device, SET_SIZE(0), MSI_RELEASE,
			      VFIO_PCI_REQ_IRQ_INDEX, 0, 0, NULL));
	close(fd);
}

#define SIM_DRIVER	"/sys/bus/platform/drivers/gvt_sim"

/* Wait up to @secs for one byte on @fd; the byte, or -1. */
static int wait_byte(int fd, int secs)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	if (poll(&p, 1, secs * 1000) != 1 || read(fd, &c, 1) != 1)
		return -1;
	return c;
}

/* Wait up to @secs for eventfd @fd to be signalled; 0 or -1. */
static int wait_eventfd(int fd, int secs)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint64_t count;

	if (poll(&p, 1, secs * 1000) != 1 ||
	    read(fd, &count, sizeof(count)) != sizeof(count))
		return -1;
	return 0;
}

/* Wait up to @secs for @pid; its exit status, or -1 (still running). */
static int wait_child(pid_t pid, int secs)
{
	int i, status;

	for (i = 0; i < secs * 10; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
		usleep(100000);
	}
	return -1;
}

/* Write @val to @path in a child process; its pid. */
static pid_t write_async(const char *path, const char *val)
{
	pid_t pid = fork();

	if (!pid)
		_exit(gvt_write(path, val, strlen(val)) ? 1 : 0);
	return pid;
}

/*
 * The holder of the vGPU: opens it, arms the REQ eventfd, says 'o', waits
 * for the request, says 'r', waits for a byte on @go, closes, exits 0.
 */
static void req_holder(const char *uuid, int tell, int go)
{
	struct gvt_vfio v;
	int32_t efd;
	char c;

	if (gvt_vfio_open(&v, uuid))
		_exit(10);
	efd = eventfd(0, EFD_CLOEXEC);
	if (efd < 0 || set_irqs(v.device, SET_SIZE(1), MSI_TRIGGER,
				VFIO_PCI_REQ_IRQ_INDEX, 0, 1, &efd))
		_exit(11);
	if (write(tell, "o", 1) != 1 || wait_eventfd(efd, 60))
		_exit(12);
	if (write(tell, "r", 1) != 1 || read(go, &c, 1) != 1)
		_exit(13);
	gvt_vfio_close(&v);
	_exit(0);
}

/*
 * A GPU goes away (its gvt_sim device is unbound) while a child holds one
 * of its vGPUs open with a REQ eventfd armed: the child sees the request
 * and closes, the vGPU and the GPU go; meanwhile another GPU leaves and
 * comes back without waiting for the first.
 */
TEST_F_TIMEOUT(vfio, remove_while_open, 180)
{
	const struct gvt_parent *other = NULL;
	char path[GVT_PATH_LEN];
	int tell[2], go[2], i;
	pid_t holder, remover, q;

	if (self->why)
		SKIP(return, "%s", self->why);
	if (!self->parent->sim || access(SIM_DRIVER "/unbind", W_OK))
		SKIP(return, "%s is not a gvt_sim GPU", self->parent->name);
	for (i = 0; i < self->env.nr_parents; i++)
		if (self->env.parents[i].sim &&
		    strcmp(self->env.parents[i].name, self->parent->name))
			other = &self->env.parents[i];
	if (!other)
		SKIP(return, "needs a second gvt_sim GPU");

	ASSERT_EQ(0, pipe(tell));
	ASSERT_EQ(0, pipe(go));
	holder = fork();
	ASSERT_LE(0, holder);
	if (!holder)
		req_holder(self->uuid, tell[1], go[0]);
	ASSERT_EQ('o', wait_byte(tell[0], 30)) {
		TH_LOG("the holder could not open %s and arm REQ (exit %d)",
		       self->uuid, wait_child(holder, 5));
	}

	remover = write_async(SIM_DRIVER "/unbind", self->parent->name);
	ASSERT_LE(0, remover);
	ASSERT_EQ('r', wait_byte(tell[0], 30)) {
		TH_LOG("no device request within 30 s (holder exit %d)",
		       wait_child(holder, 1));
		kill(holder, SIGKILL);
	}
	/* Held open: the removal waits for the holder. */
	EXPECT_EQ(-1, wait_child(remover, 1));

	/* Meanwhile another GPU goes and comes back, without waiting. */
	q = write_async(SIM_DRIVER "/unbind", other->name);
	EXPECT_EQ(0, wait_child(q, 20)) {
		TH_LOG("unbind %s blocked", other->name);
	}
	q = write_async(SIM_DRIVER "/bind", other->name);
	EXPECT_EQ(0, wait_child(q, 20)) {
		TH_LOG("bind %s blocked", other->name);
	}
	snprintf(path, sizeof(path), GVT_MDEV_BUS "/%s/mdev_supported_types",
		 other->name);
	EXPECT_EQ(0, access(path, F_OK));

	ASSERT_EQ(1, write(go[1], "g", 1));
	EXPECT_EQ(0, wait_child(holder, 30));
	EXPECT_EQ(0, wait_child(remover, 60)) {
		TH_LOG("the unbind did not complete");
	}
	EXPECT_FALSE(gvt_mdev_exists(self->uuid));
	self->vgpus.nr = 0;

	/* The GPU comes back with nothing of the old vGPU left. */
	EXPECT_EQ(0, gvt_write(SIM_DRIVER "/bind", self->parent->name,
			       strlen(self->parent->name)));
	snprintf(path, sizeof(path), GVT_MDEV_BUS "/%s/mdev_supported_types",
		 self->parent->name);
	EXPECT_EQ(0, access(path, F_OK));
	close(tell[0]);
	close(tell[1]);
	close(go[0]);
	close(go[1]);
}

int main(int argc, char **argv)
{
	return gvt_test_main(argc, argv);
}
