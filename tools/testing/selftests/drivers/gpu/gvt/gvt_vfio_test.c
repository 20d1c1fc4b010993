// SPDX-License-Identifier: GPL-2.0-only
/*
 * GVT-g vGPU as a VFIO device: the emulated-IOMMU group of an mdev, a
 * type1v2 container, the device fd and VFIO_DEVICE_GET_INFO.
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
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/vfio.h>

#include "gvt_test.h"

FIXTURE(vfio) {
	struct gvt_env env;
	struct gvt_vgpus vgpus;
	char uuid[GVT_UUID_LEN + 1];
	char group_path[128];
	const char *why;
	int container;
	int group;
	int device;
};

/* /dev/vfio/<n> of the iommu_group link of @uuid */
static int group_path(const char *uuid, char *buf, size_t size)
{
	char link[GVT_PATH_LEN], target[64], *base;
	ssize_t len;

	snprintf(link, sizeof(link), "%s/%s/iommu_group", GVT_MDEV_DEVICES,
		 uuid);
	len = readlink(link, target, sizeof(target) - 1);
	if (len <= 0)
		return -errno;
	target[len] = '\0';
	base = strrchr(target, '/');
	snprintf(buf, size, "/dev/vfio/%s", base ? base + 1 : target);
	return 0;
}

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
			ASSERT_EQ(0, group_path(self->uuid, self->group_path,
						sizeof(self->group_path)));
			return;
		}
	}
	self->why = "no parent has an instance available";
}

FIXTURE_TEARDOWN(vfio)
{
	/* the device must be closed before the mdev can go */
	if (self->device >= 0)
		close(self->device);
	if (self->group >= 0)
		close(self->group);
	if (self->container >= 0)
		close(self->container);
	EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
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
	/* no device-specific regions yet (OpRegion, EDID come later) */
	EXPECT_EQ(VFIO_PCI_NUM_REGIONS, info.num_regions);
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
	EXPECT_EQ(VFIO_PCI_NUM_REGIONS, info.num_regions);

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
	ASSERT_EQ(0, group_path(uuid, path, sizeof(path)));
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

int main(int argc, char **argv)
{
	return gvt_test_main(argc, argv);
}
