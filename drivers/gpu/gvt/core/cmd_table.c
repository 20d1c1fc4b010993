// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Gen9 command tables of the command scanner.
 *
 * One table lists every command the scanner knows: its client and opcode,
 * the engines that execute it, how its length is encoded and the policy
 * that applies to it (a handler for commands that touch registers or
 * graphics memory, or a flag for privileged and refused commands). At
 * device registration the table is expanded into a direct index per
 * engine: the client and opcode bits of a command's first dword select a
 * slot, so decoding costs one load whatever the command.
 *
 * Opcode values and length fields are those of the Gen9 (Skylake, Kaby
 * Lake) programmer's reference.
 */
#include "gvt_internal.h"

#define R	BIT(GVT_ENGINE_RCS)
#define VID	(BIT(GVT_ENGINE_VCS) | BIT(GVT_ENGINE_VCS2))
#define B	BIT(GVT_ENGINE_BCS)
#define E	BIT(GVT_ENGINE_VECS)
#define ALL	(R | VID | B | E)

#define PRIV	GVT_CMD_F_PRIV

/* Memory commands without an address-space selector. */
#define NOSEL	"memory operand without an address-space selector"
#define DISPLAY	"display commands are not emulated"

#define CMD(n, op, eng, bits, l, f, h, lo, hi, why)			\
	{ .name = (n), .opcode = (op), .engines = (eng),		\
	  .len_bits = (bits), .len = (l), .flags = (f),			\
	  .handler = GVT_CMD_H_##h, .min_len = (lo), .max_len = (hi),	\
	  .reason = (why) }

/* MI commands: client 0, opcode in bits 28:23. */
#define MI_FIXED(n, op, eng, f, h)					\
	CMD(n, (op) << 23, eng, 0, 1, f, h, 0, 0, NULL)
#define MI(n, op, eng, bits, f, h, lo, hi)				\
	CMD(n, (op) << 23, eng, bits, 2, f, h, lo, hi, NULL)
#define MI_REFUSED(n, op, eng, bits, why)				\
	CMD(n, (op) << 23, eng, bits, 2, GVT_CMD_F_REJECT, NONE, 0, 0, why)
#define MI_REFUSED_FIXED(n, op, eng, why)				\
	CMD(n, (op) << 23, eng, 0, 1, GVT_CMD_F_REJECT, NONE, 0, 0, why)

/* Blitter commands: client 2, opcode in bits 28:22, 8-bit length. */
#define XY(n, op)	CMD(n, 0x40000000 | (op) << 22, B, 8, 2, 0, NONE, 0, 0, NULL)

/* Client 3 (3D, media, MFX, VEBOX): opcode in bits 28:16. */
#define T3D(n, op, eng, bits)						\
	CMD(n, (u32)(op) << 16, eng, bits, 2, 0, NONE, 0, 0, NULL)
#define T3D_BIAS1(n, op, eng, bits)					\
	CMD(n, (u32)(op) << 16, eng, bits, 1, 0, NONE, 0, 0, NULL)
#define T3D_FIXED(n, op, eng)						\
	CMD(n, (u32)(op) << 16, eng, 0, 1, 0, NONE, 0, 0, NULL)
#define T3D_H(n, op, eng, bits, h, lo, hi)				\
	CMD(n, (u32)(op) << 16, eng, bits, 2, 0, h, lo, hi, NULL)

const struct gvt_cmd_info gvt_gen9_cmds[] = {
	/* MI: every engine's command streamer. */
	MI_FIXED("MI_NOOP", 0x00, ALL, 0, NONE),
	MI_FIXED("MI_SET_PREDICATE", 0x01, ALL, 0, NONE),
	MI_FIXED("MI_USER_INTERRUPT", 0x02, ALL, 0, NONE),
	MI_REFUSED_FIXED("MI_WAIT_FOR_EVENT", 0x03, R | B, DISPLAY),
	MI_FIXED("MI_ARB_CHECK", 0x05, ALL, 0, NONE),
	MI_FIXED("MI_RS_CONTROL", 0x06, R, PRIV, NONE),
	MI_FIXED("MI_REPORT_HEAD", 0x07, ALL, PRIV, NONE),
	MI_FIXED("MI_ARB_ON_OFF", 0x08, ALL, PRIV, NONE),
	MI_FIXED("MI_URB_ATOMIC_ALLOC", 0x09, R, PRIV, NONE),
	MI_FIXED("MI_BATCH_BUFFER_END", 0x0a, ALL, 0, BB_END),
	MI_FIXED("MI_SUSPEND_FLUSH", 0x0b, ALL, PRIV, NONE),
	MI_FIXED("MI_PREDICATE", 0x0c, ALL, 0, NONE),
	MI_FIXED("MI_TOPOLOGY_FILTER", 0x0d, R, 0, NONE),
	MI_FIXED("MI_SET_APPID", 0x0e, ALL, PRIV, NONE),
	MI_FIXED("MI_RS_CONTEXT", 0x0f, R, PRIV, NONE),
	MI_REFUSED("MI_LOAD_SCAN_LINES_INCL", 0x12, R, 6, DISPLAY),
	MI_REFUSED("MI_LOAD_SCAN_LINES_EXCL", 0x13, R, 6, DISPLAY),
	MI_REFUSED("MI_DISPLAY_FLIP", 0x14, R | B, 8, DISPLAY),
	MI_REFUSED("MI_SET_CONTEXT", 0x18, ALL, 8,
		   "ring-buffer context switch under execlists"),
	MI("MI_URB_CLEAR", 0x19, R, 8, 0, NONE, 2, 2),
	MI("MI_MATH", 0x1a, ALL, 8, 0, NONE, 0, 0),
	MI("MI_SEMAPHORE_SIGNAL", 0x1b, ALL, 8, PRIV, NONE, 2, 2),
	MI_REFUSED("MI_SEMAPHORE_WAIT", 0x1c, ALL, 8,
		   "waits on memory other vGPUs may never write"),
	MI_REFUSED("MI_FORCE_WAKEUP", 0x1d, ALL, 8,
		   "forcewake belongs to the host"),
	MI("MI_STORE_DATA_IMM", 0x20, ALL, 10, 0, SDI, 4, 0),
	MI_REFUSED("MI_STORE_DATA_INDEX", 0x21, ALL, 8,
		   "writes the host's status page"),
	MI("MI_LOAD_REGISTER_IMM", 0x22, ALL, 8, 0, LRI, 3, 0),
	MI_REFUSED("MI_UPDATE_GTT", 0x23, ALL, 10,
		   "the GGTT is written through BAR0 only"),
	MI("MI_STORE_REGISTER_MEM", 0x24, ALL, 8, 0, SRM, 4, 4),
	MI("MI_FLUSH_DW", 0x26, VID | B | E, 6, 0, FLUSH_DW, 4, 5),
	MI_REFUSED("MI_CLFLUSH", 0x27, R, 10,
		   "flushes host cache lines by GGTT page"),
	MI_REFUSED("MI_REPORT_PERF_COUNT", 0x28, R, 6,
		   "performance counters are not virtualized"),
	MI("MI_LOAD_REGISTER_MEM", 0x29, ALL, 8, 0, LRM, 4, 4),
	MI("MI_LOAD_REGISTER_REG", 0x2a, ALL, 8, 0, LRR, 3, 3),
	MI_REFUSED("MI_RS_STORE_DATA_IMM", 0x2b, R, 8, NOSEL),
	MI_REFUSED("MI_LOAD_URB_MEM", 0x2c, R, 8, NOSEL),
	MI_REFUSED("MI_STORE_URB_MEM", 0x2d, R, 8, NOSEL),
	MI("MI_COPY_MEM_MEM", 0x2e, ALL, 8, 0, COPY_MEM, 5, 5),
	MI("MI_ATOMIC", 0x2f, ALL, 8, 0, ATOMIC, 3, 11),
	MI("MI_BATCH_BUFFER_START", 0x31, ALL, 8, 0, BB_START, 3, 3),
	MI_REFUSED("MI_CONDITIONAL_BATCH_BUFFER_END", 0x36, ALL, 8,
		   "ends a batch on memory the scanner cannot see"),

	/* 2D: the blitter. */
	XY("XY_SETUP_BLT", 0x01),
	XY("XY_SETUP_CLIP_BLT", 0x03),
	XY("XY_SETUP_MONO_PATTERN_SL_BLT", 0x11),
	XY("XY_PIXEL_BLT", 0x24),
	XY("XY_SCANLINES_BLT", 0x25),
	XY("XY_TEXT_BLT", 0x26),
	XY("XY_TEXT_IMMEDIATE_BLT", 0x31),
	XY("XY_FAST_COPY_BLT", 0x42),
	XY("XY_FAST_COLOR_BLT", 0x44),
	XY("XY_COLOR_BLT", 0x50),
	XY("XY_PAT_BLT", 0x51),
	XY("XY_MONO_PAT_BLT", 0x52),
	XY("XY_SRC_COPY_BLT", 0x53),
	XY("XY_MONO_SRC_COPY_BLT", 0x54),
	XY("XY_FULL_BLT", 0x55),
	XY("XY_FULL_MONO_SRC_BLT", 0x56),
	XY("XY_FULL_MONO_PATTERN_BLT", 0x57),
	XY("XY_FULL_MONO_PATTERN_MONO_SRC_BLT", 0x58),
	XY("XY_MONO_PAT_FIXED_BLT", 0x59),
	XY("XY_MONO_SRC_COPY_IMMEDIATE_BLT", 0x71),
	XY("XY_PAT_BLT_IMMEDIATE", 0x72),
	XY("XY_SRC_COPY_CHROMA_BLT", 0x73),
	XY("XY_FULL_IMMEDIATE_PATTERN_BLT", 0x74),
	XY("XY_FULL_MONO_SRC_IMMEDIATE_PATTERN_BLT", 0x75),
	XY("XY_PAT_CHROMA_BLT", 0x76),
	XY("XY_PAT_CHROMA_BLT_IMMEDIATE", 0x77),

	/* 3D, media and GPGPU: the render engine. */
	T3D("STATE_PREFETCH", 0x6003, R, 8),
	T3D("STATE_BASE_ADDRESS", 0x6101, R, 8),
	T3D("STATE_SIP", 0x6102, R, 8),
	T3D("GPGPU_CSR_BASE_ADDRESS", 0x6104, R, 8),
	T3D_FIXED("3DSTATE_VF_STATISTICS", 0x680b, R),
	T3D_FIXED("PIPELINE_SELECT", 0x6904, R),
	T3D("MEDIA_VFE_STATE", 0x7000, R, 16),
	T3D("MEDIA_CURBE_LOAD", 0x7001, R, 16),
	T3D("MEDIA_INTERFACE_DESCRIPTOR_LOAD", 0x7002, R, 16),
	T3D("MEDIA_GATEWAY_STATE", 0x7003, R, 16),
	T3D("MEDIA_STATE_FLUSH", 0x7004, R, 16),
	T3D("MEDIA_POOL_STATE", 0x7005, R, 16),
	T3D("MEDIA_OBJECT", 0x7100, R, 16),
	T3D("MEDIA_OBJECT_PRT", 0x7102, R, 16),
	T3D("MEDIA_OBJECT_WALKER", 0x7103, R, 16),
	T3D("GPGPU_WALKER", 0x7105, R, 8),
	T3D("MEDIA_OBJECT_GRPID", 0x7106, R, 16),
	T3D("3DSTATE_CLEAR_PARAMS", 0x7804, R, 8),
	T3D("3DSTATE_DEPTH_BUFFER", 0x7805, R, 8),
	T3D("3DSTATE_STENCIL_BUFFER", 0x7806, R, 8),
	T3D("3DSTATE_HIER_DEPTH_BUFFER", 0x7807, R, 8),
	T3D("3DSTATE_VERTEX_BUFFERS", 0x7808, R, 8),
	T3D("3DSTATE_VERTEX_ELEMENTS", 0x7809, R, 8),
	T3D("3DSTATE_INDEX_BUFFER", 0x780a, R, 8),
	T3D("3DSTATE_VF", 0x780c, R, 8),
	T3D("3DSTATE_MULTISAMPLE", 0x780d, R, 8),
	T3D("3DSTATE_CC_STATE_POINTERS", 0x780e, R, 8),
	T3D("3DSTATE_SCISSOR_STATE_POINTERS", 0x780f, R, 8),
	T3D("3DSTATE_VS", 0x7810, R, 8),
	T3D("3DSTATE_GS", 0x7811, R, 8),
	T3D("3DSTATE_CLIP", 0x7812, R, 8),
	T3D("3DSTATE_SF", 0x7813, R, 8),
	T3D("3DSTATE_WM", 0x7814, R, 8),
	T3D("3DSTATE_CONSTANT_VS", 0x7815, R, 8),
	T3D("3DSTATE_CONSTANT_GS", 0x7816, R, 8),
	T3D("3DSTATE_CONSTANT_PS", 0x7817, R, 8),
	T3D("3DSTATE_SAMPLE_MASK", 0x7818, R, 8),
	T3D("3DSTATE_CONSTANT_HS", 0x7819, R, 8),
	T3D("3DSTATE_CONSTANT_DS", 0x781a, R, 8),
	T3D("3DSTATE_HS", 0x781b, R, 8),
	T3D("3DSTATE_TE", 0x781c, R, 8),
	T3D("3DSTATE_DS", 0x781d, R, 8),
	T3D("3DSTATE_STREAMOUT", 0x781e, R, 8),
	T3D("3DSTATE_SBE", 0x781f, R, 8),
	T3D("3DSTATE_PS", 0x7820, R, 8),
	T3D("3DSTATE_VIEWPORT_STATE_POINTERS_SF_CLIP", 0x7821, R, 8),
	T3D("3DSTATE_VIEWPORT_STATE_POINTERS_CC", 0x7823, R, 8),
	T3D("3DSTATE_BLEND_STATE_POINTERS", 0x7824, R, 8),
	T3D("3DSTATE_BINDING_TABLE_POINTERS_VS", 0x7826, R, 8),
	T3D("3DSTATE_BINDING_TABLE_POINTERS_HS", 0x7827, R, 8),
	T3D("3DSTATE_BINDING_TABLE_POINTERS_DS", 0x7828, R, 8),
	T3D("3DSTATE_BINDING_TABLE_POINTERS_GS", 0x7829, R, 8),
	T3D("3DSTATE_BINDING_TABLE_POINTERS_PS", 0x782a, R, 8),
	T3D("3DSTATE_SAMPLER_STATE_POINTERS_VS", 0x782b, R, 8),
	T3D("3DSTATE_SAMPLER_STATE_POINTERS_HS", 0x782c, R, 8),
	T3D("3DSTATE_SAMPLER_STATE_POINTERS_DS", 0x782d, R, 8),
	T3D("3DSTATE_SAMPLER_STATE_POINTERS_GS", 0x782e, R, 8),
	T3D("3DSTATE_SAMPLER_STATE_POINTERS_PS", 0x782f, R, 8),
	T3D("3DSTATE_URB_VS", 0x7830, R, 8),
	T3D("3DSTATE_URB_HS", 0x7831, R, 8),
	T3D("3DSTATE_URB_DS", 0x7832, R, 8),
	T3D("3DSTATE_URB_GS", 0x7833, R, 8),
	T3D("3DSTATE_GATHER_CONSTANT_VS", 0x7834, R, 8),
	T3D("3DSTATE_GATHER_CONSTANT_GS", 0x7835, R, 8),
	T3D("3DSTATE_GATHER_CONSTANT_HS", 0x7836, R, 8),
	T3D("3DSTATE_GATHER_CONSTANT_DS", 0x7837, R, 8),
	T3D("3DSTATE_GATHER_CONSTANT_PS", 0x7838, R, 8),
	T3D("3DSTATE_DX9_CONSTANTF_VS", 0x7839, R, 11),
	T3D("3DSTATE_DX9_CONSTANTF_PS", 0x783a, R, 11),
	T3D("3DSTATE_DX9_CONSTANTI_VS", 0x783b, R, 8),
	T3D("3DSTATE_DX9_CONSTANTI_PS", 0x783c, R, 8),
	T3D("3DSTATE_DX9_CONSTANTB_VS", 0x783d, R, 8),
	T3D("3DSTATE_DX9_CONSTANTB_PS", 0x783e, R, 8),
	T3D("3DSTATE_DX9_LOCAL_VALID_VS", 0x783f, R, 8),
	T3D("3DSTATE_DX9_LOCAL_VALID_PS", 0x7840, R, 8),
	T3D("3DSTATE_DX9_GENERATE_ACTIVE_VS", 0x7841, R, 8),
	T3D("3DSTATE_DX9_GENERATE_ACTIVE_PS", 0x7842, R, 8),
	T3D("3DSTATE_BINDING_TABLE_EDIT_VS", 0x7843, R, 9),
	T3D("3DSTATE_BINDING_TABLE_EDIT_GS", 0x7844, R, 9),
	T3D("3DSTATE_BINDING_TABLE_EDIT_HS", 0x7845, R, 9),
	T3D("3DSTATE_BINDING_TABLE_EDIT_DS", 0x7846, R, 9),
	T3D("3DSTATE_BINDING_TABLE_EDIT_PS", 0x7847, R, 9),
	T3D("3DSTATE_VF_INSTANCING", 0x7849, R, 8),
	T3D("3DSTATE_VF_SGVS", 0x784a, R, 8),
	T3D("3DSTATE_VF_TOPOLOGY", 0x784b, R, 8),
	T3D("3DSTATE_WM_CHROMAKEY", 0x784c, R, 8),
	T3D("3DSTATE_PS_BLEND", 0x784d, R, 8),
	T3D("3DSTATE_WM_DEPTH_STENCIL", 0x784e, R, 8),
	T3D("3DSTATE_PS_EXTRA", 0x784f, R, 8),
	T3D("3DSTATE_RASTER", 0x7850, R, 8),
	T3D("3DSTATE_SBE_SWIZ", 0x7851, R, 8),
	T3D("3DSTATE_WM_HZ_OP", 0x7852, R, 8),
	T3D("3DSTATE_RS_CONSTANT_POINTER", 0x7854, R, 8),
	T3D("3DSTATE_VF_COMPONENT_PACKING", 0x7855, R, 8),
	T3D("3DSTATE_DRAWING_RECTANGLE", 0x7900, R, 8),
	T3D("3DSTATE_SAMPLER_PALETTE_LOAD0", 0x7902, R, 8),
	T3D("3DSTATE_CHROMA_KEY", 0x7904, R, 8),
	T3D("3DSTATE_POLY_STIPPLE_OFFSET", 0x7906, R, 8),
	T3D("3DSTATE_POLY_STIPPLE_PATTERN", 0x7907, R, 8),
	T3D("3DSTATE_LINE_STIPPLE", 0x7908, R, 8),
	T3D("3DSTATE_AA_LINE_PARAMETERS", 0x790a, R, 8),
	T3D("3DSTATE_GS_SVB_INDEX", 0x790b, R, 8),
	T3D("3DSTATE_SAMPLER_PALETTE_LOAD1", 0x790c, R, 8),
	T3D("3DSTATE_MONOFILTER_SIZE", 0x7911, R, 8),
	T3D("3DSTATE_PUSH_CONSTANT_ALLOC_VS", 0x7912, R, 8),
	T3D("3DSTATE_PUSH_CONSTANT_ALLOC_HS", 0x7913, R, 8),
	T3D("3DSTATE_PUSH_CONSTANT_ALLOC_DS", 0x7914, R, 8),
	T3D("3DSTATE_PUSH_CONSTANT_ALLOC_GS", 0x7915, R, 8),
	T3D("3DSTATE_PUSH_CONSTANT_ALLOC_PS", 0x7916, R, 8),
	T3D("3DSTATE_SO_DECL_LIST", 0x7917, R, 9),
	T3D("3DSTATE_SO_BUFFER", 0x7918, R, 8),
	T3D("3DSTATE_BINDING_TABLE_POOL_ALLOC", 0x7919, R, 8),
	T3D("3DSTATE_GATHER_POOL_ALLOC", 0x791a, R, 8),
	T3D("3DSTATE_DX9_CONSTANT_BUFFER_POOL_ALLOC", 0x791b, R, 8),
	T3D("3DSTATE_SAMPLE_PATTERN", 0x791c, R, 8),
	T3D("3DSTATE_URB_CLEAR", 0x791d, R, 8),
	T3D_H("PIPE_CONTROL", 0x7a00, R, 8, PIPE_CONTROL, 6, 6),
	T3D("3DPRIMITIVE", 0x7b00, R, 8),

	/* MFX, HCP, HuC, VDEnc and SFC: the video engines. */
	T3D_BIAS1("MFX_WAIT", 0x6800, VID, 6),
	T3D("MFX_PIPE_MODE_SELECT", 0x7000, VID, 12),
	T3D("MFX_SURFACE_STATE", 0x7001, VID, 12),
	T3D("MFX_PIPE_BUF_ADDR_STATE", 0x7002, VID, 12),
	T3D("MFX_IND_OBJ_BASE_ADDR_STATE", 0x7003, VID, 12),
	T3D("MFX_BSP_BUF_BASE_ADDR_STATE", 0x7004, VID, 12),
	T3D("MFX_STATE_POINTER", 0x7006, VID, 12),
	T3D("MFX_QM_STATE", 0x7007, VID, 12),
	T3D("MFX_FQM_STATE", 0x7008, VID, 12),
	T3D("MFX_DBK_OBJECT", 0x7009, VID, 12),
	T3D("MFD_IT_OBJECT", 0x7029, VID, 12),
	T3D("MFX_PAK_INSERT_OBJECT", 0x7048, VID, 12),
	T3D("MFX_STITCH_OBJECT", 0x704a, VID, 12),
	T3D("MFX_MPEG_TS_CONTROL", 0x704b, VID, 12),
	T3D("VDENC_PIPE_MODE_SELECT", 0x7080, VID, 12),
	T3D("VDENC_SRC_SURFACE_STATE", 0x7081, VID, 12),
	T3D("VDENC_REF_SURFACE_STATE", 0x7082, VID, 12),
	T3D("VDENC_DS_REF_SURFACE_STATE", 0x7083, VID, 12),
	T3D("VDENC_PIPE_BUF_ADDR_STATE", 0x7084, VID, 12),
	T3D("VDENC_IMG_STATE", 0x7085, VID, 12),
	T3D("VDENC_CONST_QPT_STATE", 0x7086, VID, 12),
	T3D("VDENC_WALKER_STATE", 0x7087, VID, 12),
	T3D("MFX_AVC_IMG_STATE", 0x7100, VID, 12),
	T3D("MFX_AVC_DIRECTMODE_STATE", 0x7102, VID, 12),
	T3D("MFX_AVC_SLICE_STATE", 0x7103, VID, 12),
	T3D("MFX_AVC_REF_IDX_STATE", 0x7104, VID, 12),
	T3D("MFX_AVC_WEIGHTOFFSET_STATE", 0x7105, VID, 12),
	T3D("MFD_AVC_PICID_STATE", 0x7125, VID, 12),
	T3D("MFD_AVC_DPB_STATE", 0x7126, VID, 12),
	T3D("MFD_AVC_SLICEADDR", 0x7127, VID, 12),
	T3D("MFD_AVC_BSD_OBJECT", 0x7128, VID, 12),
	T3D("MFC_AVC_PAK_OBJECT", 0x7149, VID, 12),
	T3D("MFX_VC1_PRED_PIPE_STATE", 0x7201, VID, 12),
	T3D("MFX_VC1_DIRECTMODE_STATE", 0x7202, VID, 12),
	T3D("MFD_VC1_SHORT_PIC_STATE", 0x7220, VID, 12),
	T3D("MFD_VC1_LONG_PIC_STATE", 0x7221, VID, 12),
	T3D("MFD_VC1_BSD_OBJECT", 0x7228, VID, 12),
	T3D("MFX_MPEG2_PIC_STATE", 0x7300, VID, 12),
	T3D("MFD_MPEG2_BSD_OBJECT", 0x7328, VID, 12),
	T3D("MFC_MPEG2_SLICEGROUP_STATE", 0x7343, VID, 12),
	T3D("MFC_MPEG2_PAK_OBJECT", 0x7349, VID, 12),
	T3D("HCP_PIPE_MODE_SELECT", 0x7380, VID, 12),
	T3D("HCP_SURFACE_STATE", 0x7381, VID, 12),
	T3D("HCP_PIPE_BUF_ADDR_STATE", 0x7382, VID, 12),
	T3D("HCP_IND_OBJ_BASE_ADDR_STATE", 0x7383, VID, 12),
	T3D("HCP_QM_STATE", 0x7384, VID, 12),
	T3D("HCP_FQM_STATE", 0x7385, VID, 12),
	T3D("HEVC_VP9_RDOQ_STATE", 0x7388, VID, 12),
	T3D("HCP_PIC_STATE", 0x7390, VID, 12),
	T3D("HCP_TILE_STATE", 0x7391, VID, 12),
	T3D("HCP_REF_IDX_STATE", 0x7392, VID, 12),
	T3D("HCP_WEIGHTOFFSET_STATE", 0x7393, VID, 12),
	T3D("HCP_SLICE_STATE", 0x7394, VID, 12),
	T3D_BIAS1("HCP_TILE_CODING", 0x7395, VID, 12),
	T3D("HCP_BSD_OBJECT", 0x73a0, VID, 12),
	T3D("HCP_PAK_OBJECT", 0x73a1, VID, 12),
	T3D("HCP_PAK_INSERT_OBJECT", 0x73a2, VID, 12),
	T3D("HCP_VP9_PIC_STATE", 0x73b0, VID, 12),
	T3D("HCP_VP9_SEGMENT_STATE", 0x73b2, VID, 12),
	T3D("MFX_VP8_PIC_STATE", 0x7400, VID, 12),
	T3D("MFD_VP8_BSD_OBJECT", 0x7428, VID, 12),
	T3D("MFX_VP8_ENCODER_CFG", 0x7441, VID, 12),
	T3D("MFX_VP8_BSP_BUF_BASE_ADDR_STATE", 0x7443, VID, 12),
	T3D("MFX_VP8_PAK_OBJECT", 0x7449, VID, 12),
	T3D("SFC_LOCK", 0x7500, VID, 12),
	T3D("SFC_STATE", 0x7501, VID, 12),
	T3D("SFC_AVS_STATE", 0x7502, VID, 12),
	T3D("SFC_IEF_STATE", 0x7503, VID, 12),
	T3D("SFC_FRAME_START", 0x7504, VID, 12),
	T3D("SFC_AVS_LUMA_COEFF_TABLE", 0x7505, VID, 12),
	T3D("SFC_AVS_CHROMA_COEFF_TABLE", 0x7506, VID, 12),
	T3D("HUC_PIPE_MODE_SELECT", 0x7580, VID, 12),
	T3D("HUC_IMEM_STATE", 0x7581, VID, 12),
	T3D("HUC_DMEM_STATE", 0x7582, VID, 12),
	T3D("HUC_CFG_STATE", 0x7583, VID, 12),
	T3D("HUC_VIRTUAL_ADDR_STATE", 0x7584, VID, 12),
	T3D("HUC_IND_OBJ_BASE_ADDR_STATE", 0x7585, VID, 12),
	T3D("HUC_STREAM_OBJECT", 0x75a0, VID, 12),
	T3D("HUC_START", 0x75a1, VID, 12),
	T3D("MFX_2_6_0_0", 0x7600, VID, 16),
	T3D("MFX_2_6_0_8", 0x7608, VID, 16),
	T3D("MFX_2_6_0_9", 0x7609, VID, 16),
	T3D("MFX_JPEG_PIC_STATE", 0x7700, VID, 12),
	T3D("MFX_JPEG_HUFF_TABLE_STATE", 0x7702, VID, 12),
	T3D("MFD_JPEG_BSD_OBJECT", 0x7728, VID, 12),
	T3D("MFC_JPEG_HUFF_TABLE_STATE", 0x7743, VID, 12),
	T3D("MFC_JPEG_SCAN_OBJECT", 0x7749, VID, 12),
	T3D("VD_PIPELINE_FLUSH", 0x7780, VID, 12),

	/* VEBOX. */
	T3D("VEBOX_SURFACE_STATE", 0x7400, E, 12),
	T3D("VEBOX_STATE", 0x7402, E, 12),
	T3D("VEB_DI_IECP", 0x7403, E, 12),
};

const unsigned int gvt_gen9_num_cmds = ARRAY_SIZE(gvt_gen9_cmds);

static int gvt_cmd_index_build(u16 *index)
{
	unsigned int i, e;
	int slot;

	for (i = 0; i < gvt_gen9_num_cmds; i++) {
		const struct gvt_cmd_info *info = &gvt_gen9_cmds[i];

		slot = gvt_cmd_slot(info->opcode);
		if (slot < 0) {
			pr_err("gvt: command %s: opcode 0x%08x of a client without commands\n",
			       info->name, info->opcode);
			return -EINVAL;
		}
		for (e = 0; e < GVT_NUM_ENGINES; e++) {
			u16 *p = &index[e * GVT_CMD_SLOTS + slot];

			if (!(info->engines & BIT(e)))
				continue;
			if (*p) {
				pr_err("gvt: command %s: slot taken\n",
				       info->name);
				return -EEXIST;
			}
			*p = i + 1;
		}
	}
	return 0;
}

/* Shared by all devices, like the register index (mmio_table.c). */
static struct gvt_shared_index gvt_cmd_index = {
	.lock = __MUTEX_INITIALIZER(gvt_cmd_index.lock),
	.entries = GVT_NUM_ENGINES * GVT_CMD_SLOTS,
	.build = gvt_cmd_index_build,
};

/**
 * gvt_cmd_table_init() - give a device the command index
 * @gvt: the device
 *
 * The index is built once, by the first device, and shared read-only by
 * every device registered after it.
 *
 * Return: 0, -ENOMEM, -EEXIST if two table entries claim the same slot
 * of one engine, or -EINVAL for an entry whose opcode has no slot (bugs in
 * the table, reported loudly).
 */
int gvt_cmd_table_init(struct gvt_device *gvt)
{
	int ret;

	gvt->cmd_index = gvt_shared_index_get(&gvt_cmd_index, &ret);
	return ret;
}

/**
 * gvt_cmd_table_fini() - drop a device's use of the command index
 * @gvt: the device
 */
void gvt_cmd_table_fini(struct gvt_device *gvt)
{
	if (!gvt->cmd_index)
		return;
	gvt->cmd_index = NULL;
	gvt_shared_index_put(&gvt_cmd_index);
}

/**
 * gvt_cmd_lookup() - decode the first dword of a command
 * @gvt: the device
 * @engine: the engine that runs the command
 * @dw0: the command's first dword
 *
 * Return: the table entry of the command, or NULL when @engine has no
 * command with @dw0's client and opcode.
 */
const struct gvt_cmd_info *gvt_cmd_lookup(const struct gvt_device *gvt,
					  enum gvt_engine engine, u32 dw0)
{
	int slot = gvt_cmd_slot(dw0);
	u16 i;

	if (slot < 0)
		return NULL;
	i = gvt->cmd_index[engine * GVT_CMD_SLOTS + slot];
	return i ? &gvt_gen9_cmds[i - 1] : NULL;
}
