// SPDX-License-Identifier: GPL-2.0-only
/*
 * A KMS client, from inside a guest: probes the connectors, finds the
 * connected one, reads
 * the monitor's name from its EDID property, sets the connector's
 * preferred mode on a CRTC it can drive with a dumb buffer holding a known
 * pattern, then page-flips between two such buffers, each flip waited for
 * by its completion event (so by the vGPU's vblank and flip-done
 * interrupts), and waits for vblanks with DRM_IOCTL_WAIT_VBLANK. Then it
 * keeps the first buffer on the screen for <hold> seconds, for the host to
 * take a screendump: when it exits, DRM removes its framebuffers and with
 * them the CRTC's mode.
 *
 * Usage: kms_flip <drm node> <flips> [<hold>]
 * Output:
 *   GUEST: kms connector <name> connected <n> modes preferred <w>x<h>@<hz>
 *   GUEST: kms edid name <name>
 *   GUEST: kms modeset <w>x<h> ok | fail <why>
 *   GUEST: kms flips <n> done | fail <why>
 *   GUEST: bench page_flip_hz <rate>
 *   GUEST: bench vblank_hz <rate>
 *   GUEST: kms holding <hold> s      (the first buffer is on the screen)
 * Exit status: 0 if the mode was set and every flip completed, else 1.
 *
 * The pattern, for a host-side check of the scanout: four horizontal bands
 * of XRGB8888, from the top: red 0x00ff0000, green 0x0000ff00, blue
 * 0x000000ff, white 0x00ffffff. The second buffer holds them in the
 * reverse order, so the screen tells which buffer the last flip left.
 *
 * It talks to the uAPI only (include/uapi/drm/drm.h, drm_mode.h), with
 * no libdrm.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/drm_mode.h>

#define MAX_OBJS	32
#define EVENT_WAIT_MS	2000

static const uint32_t bands[4] = {
	0x00ff0000, 0x0000ff00, 0x000000ff, 0x00ffffff,
};

static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *connector_type(uint32_t type)
{
	switch (type) {
	case DRM_MODE_CONNECTOR_DisplayPort: return "DP";
	case DRM_MODE_CONNECTOR_HDMIA: return "HDMI-A";
	case DRM_MODE_CONNECTOR_eDP: return "eDP";
	case DRM_MODE_CONNECTOR_VGA: return "VGA";
	case DRM_MODE_CONNECTOR_DVID: return "DVI-D";
	default: return "Unknown";
	}
}

/* The monitor name (display descriptor 0xfc) of a base EDID block. */
static void edid_name(const uint8_t *e, size_t len, char *out, size_t size)
{
	unsigned int d, i, n = 0;

	snprintf(out, size, "none");
	if (len < 128)
		return;
	for (d = 0; d < 4; d++) {
		const uint8_t *p = e + 54 + 18 * d;

		if (p[0] || p[1] || p[3] != 0xfc)
			continue;
		for (i = 5; i < 18 && p[i] != '\n' && n + 1 < size; i++)
			out[n++] = p[i];
		out[n] = '\0';
		return;
	}
}

/* Print the EDID property's monitor name of connector @id. */
static void print_edid(int fd, uint32_t *props, uint64_t *values,
		       unsigned int nprops)
{
	char name[16] = "none";
	unsigned int i;

	for (i = 0; i < nprops; i++) {
		struct drm_mode_get_property prop = { .prop_id = props[i] };
		struct drm_mode_get_blob blob = { 0 };
		uint8_t *data;

		if (xioctl(fd, DRM_IOCTL_MODE_GETPROPERTY, &prop) ||
		    strcmp(prop.name, "EDID") || !values[i])
			continue;
		blob.blob_id = values[i];
		if (xioctl(fd, DRM_IOCTL_MODE_GETPROPBLOB, &blob) ||
		    !blob.length)
			break;
		data = calloc(1, blob.length);
		if (!data)
			break;
		blob.data = (uintptr_t)data;
		if (!xioctl(fd, DRM_IOCTL_MODE_GETPROPBLOB, &blob))
			edid_name(data, blob.length, name, sizeof(name));
		free(data);
		break;
	}
	printf("GUEST: kms edid name %s\n", name);
}

struct fb {
	uint32_t handle, id, pitch;
	uint64_t size;
	uint32_t *map;
};

static int fb_create(int fd, unsigned int w, unsigned int h, bool reverse,
		     struct fb *fb)
{
	struct drm_mode_create_dumb c = { .width = w, .height = h, .bpp = 32 };
	struct drm_mode_map_dumb m = { 0 };
	struct drm_mode_fb_cmd2 f = { 0 };
	unsigned int x, y;

	if (xioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c))
		return -errno;
	fb->handle = c.handle;
	fb->pitch = c.pitch;
	fb->size = c.size;
	m.handle = c.handle;
	if (xioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m))
		return -errno;
	fb->map = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       m.offset);
	if (fb->map == MAP_FAILED)
		return -errno;
	for (y = 0; y < h; y++) {
		uint32_t *row = fb->map + (size_t)y * (c.pitch / 4);
		unsigned int band = y * 4 / h;
		uint32_t px = bands[reverse ? 3 - band : band];

		for (x = 0; x < w; x++)
			row[x] = px;
	}
	f.width = w;
	f.height = h;
	f.pixel_format = ('X' | 'R' << 8 | '2' << 16 | (uint32_t)'4' << 24);
	f.handles[0] = c.handle;
	f.pitches[0] = c.pitch;
	if (xioctl(fd, DRM_IOCTL_MODE_ADDFB2, &f))
		return -errno;
	fb->id = f.fb_id;
	return 0;
}

/* Wait for one DRM event of @type; 0, or -ETIMEDOUT / -errno. */
static int wait_event(int fd, uint32_t type)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char buf[1024];
	ssize_t n;
	int ret;

	for (;;) {
		ret = poll(&pfd, 1, EVENT_WAIT_MS);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0)
			return -errno;
		if (!ret)
			return -ETIMEDOUT;
		n = read(fd, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		if (n >= (ssize_t)sizeof(struct drm_event) &&
		    ((struct drm_event *)buf)->type == type)
			return 0;
	}
}

int main(int argc, char **argv)
{
	uint32_t conns[MAX_OBJS], crtcs[MAX_OBJS], encs[MAX_OBJS];
	struct drm_mode_modeinfo modes[64], *mode = NULL;
	uint32_t props[64], cenc[MAX_OBJS], conn_id = 0, crtc_id = 0;
	unsigned int crtc_index = 0;
	struct drm_mode_card_res res = { 0 };
	struct drm_mode_crtc set = { 0 };
	uint64_t values[64];
	struct fb fbs[2];
	unsigned int i, j, flips, hold, done = 0;
	double t0, t;
	int fd, ret;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: kms_flip <drm node> <flips> [<hold>]\n");
		return 2;
	}
	flips = strtoul(argv[2], NULL, 0);
	hold = argc == 4 ? strtoul(argv[3], NULL, 0) : 0;
	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("GUEST: kms modeset 0x0 fail open %s: %s\n", argv[1],
		       strerror(errno));
		return 1;
	}
	res.connector_id_ptr = (uintptr_t)conns;
	res.crtc_id_ptr = (uintptr_t)crtcs;
	res.encoder_id_ptr = (uintptr_t)encs;
	res.count_connectors = MAX_OBJS;
	res.count_crtcs = MAX_OBJS;
	res.count_encoders = MAX_OBJS;
	if (xioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &res) ||
	    res.count_connectors > MAX_OBJS || res.count_crtcs > MAX_OBJS ||
	    res.count_encoders > MAX_OBJS) {
		printf("GUEST: kms modeset 0x0 fail GETRESOURCES: %s\n",
		       strerror(errno));
		return 1;
	}
	for (i = 0; i < res.count_connectors && !conn_id; i++) {
		struct drm_mode_get_connector c = { .connector_id = conns[i] };
		unsigned int pref = 0;

		/* With no room for modes, the call probes the connector. */
		if (xioctl(fd, DRM_IOCTL_MODE_GETCONNECTOR, &c))
			continue;
		memset(&c, 0, sizeof(c));
		c.connector_id = conns[i];
		c.count_modes = 64;
		c.modes_ptr = (uintptr_t)modes;
		c.count_props = 64;
		c.props_ptr = (uintptr_t)props;
		c.prop_values_ptr = (uintptr_t)values;
		c.count_encoders = MAX_OBJS;
		c.encoders_ptr = (uintptr_t)cenc;
		if (xioctl(fd, DRM_IOCTL_MODE_GETCONNECTOR, &c))
			continue;
		if (c.connection != 1 || !c.count_modes || c.count_modes > 64)
			continue;
		for (j = 0; j < c.count_modes; j++)
			if (modes[j].type & DRM_MODE_TYPE_PREFERRED) {
				pref = j;
				break;
			}
		mode = &modes[pref];
		conn_id = c.connector_id;
		printf("GUEST: kms connector %s-%u connected %u modes preferred %ux%u@%u\n",
		       connector_type(c.connector_type), c.connector_type_id,
		       c.count_modes, mode->hdisplay, mode->vdisplay,
		       mode->vrefresh);
		print_edid(fd, props, values,
			   c.count_props > 64 ? 64 : c.count_props);
		/* A CRTC one of its encoders can drive. */
		for (j = 0; j < c.count_encoders && j < MAX_OBJS && !crtc_id;
		     j++) {
			struct drm_mode_get_encoder e = { .encoder_id = cenc[j] };
			unsigned int k;

			if (xioctl(fd, DRM_IOCTL_MODE_GETENCODER, &e))
				continue;
			for (k = 0; k < res.count_crtcs; k++)
				if (e.possible_crtcs & (1u << k)) {
					crtc_id = crtcs[k];
					crtc_index = k;
					break;
				}
		}
	}
	if (!conn_id || !crtc_id) {
		printf("GUEST: kms modeset 0x0 fail %s\n",
		       conn_id ? "no CRTC for the connector" :
		       "no connected connector");
		return 1;
	}
	for (i = 0; i < 2; i++) {
		ret = fb_create(fd, mode->hdisplay, mode->vdisplay, i, &fbs[i]);
		if (ret) {
			printf("GUEST: kms modeset %ux%u fail dumb buffer: %s\n",
			       mode->hdisplay, mode->vdisplay, strerror(-ret));
			return 1;
		}
	}
	set.crtc_id = crtc_id;
	set.fb_id = fbs[0].id;
	set.set_connectors_ptr = (uintptr_t)&conn_id;
	set.count_connectors = 1;
	set.mode = *mode;
	set.mode_valid = 1;
	if (xioctl(fd, DRM_IOCTL_MODE_SETCRTC, &set)) {
		printf("GUEST: kms modeset %ux%u fail SETCRTC: %s\n",
		       mode->hdisplay, mode->vdisplay, strerror(errno));
		return 1;
	}
	printf("GUEST: kms modeset %ux%u ok\n", mode->hdisplay,
	       mode->vdisplay);
	fflush(stdout);

	t0 = now_s();
	for (i = 0; i < flips; i++) {
		struct drm_mode_crtc_page_flip pf = {
			.crtc_id = crtc_id,
			.fb_id = fbs[(i + 1) % 2].id,
			.flags = DRM_MODE_PAGE_FLIP_EVENT,
		};

		if (xioctl(fd, DRM_IOCTL_MODE_PAGE_FLIP, &pf)) {
			printf("GUEST: kms flips %u fail PAGE_FLIP: %s\n", i,
			       strerror(errno));
			break;
		}
		ret = wait_event(fd, DRM_EVENT_FLIP_COMPLETE);
		if (ret) {
			printf("GUEST: kms flips %u fail flip event: %s\n", i,
			       strerror(-ret));
			break;
		}
		done++;
	}
	t = now_s() - t0;
	if (done == flips) {
		printf("GUEST: kms flips %u done\n", done);
		if (done && t > 0)
			printf("GUEST: bench page_flip_hz %.1f\n", done / t);
	}
	/* Leave the first buffer on the screen. */
	if (done % 2) {
		struct drm_mode_crtc_page_flip pf = {
			.crtc_id = crtc_id, .fb_id = fbs[0].id,
			.flags = DRM_MODE_PAGE_FLIP_EVENT,
		};

		if (!xioctl(fd, DRM_IOCTL_MODE_PAGE_FLIP, &pf))
			wait_event(fd, DRM_EVENT_FLIP_COMPLETE);
	}

	t0 = now_s();
	for (i = 0; i < flips; i++) {
		union drm_wait_vblank vb = { 0 };

		vb.request.type = _DRM_VBLANK_RELATIVE |
			((crtc_index << _DRM_VBLANK_HIGH_CRTC_SHIFT) &
			 _DRM_VBLANK_HIGH_CRTC_MASK);
		vb.request.sequence = 1;
		if (xioctl(fd, DRM_IOCTL_WAIT_VBLANK, &vb))
			break;
	}
	t = now_s() - t0;
	if (i == flips && i && t > 0)
		printf("GUEST: bench vblank_hz %.1f\n", i / t);
	else
		printf("GUEST: kms vblank wait %u fail: %s\n", i,
		       strerror(errno));
	if (hold) {
		printf("GUEST: kms holding %u s\n", hold);
		fflush(stdout);
		sleep(hold);
	}
	return done == flips ? 0 : 1;
}
