// SPDX-License-Identifier: GPL-2.0-only
/*
 * Documentation/gpu/gvt/cmd_parser.rst stays true to the command table:
 * the commands it lists as refused, privileged, or with register and GGTT
 * operands are exactly those the table marks so.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include "gvt_test.h"

#define DOC_PATH	"../../../Documentation/gpu/gvt/cmd_parser.rst"

static char *doc_load(void)
{
	FILE *f = fopen(DOC_PATH, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* The text between the heading line @from and the heading line @to. */
static char *doc_section(const char *doc, const char *from, const char *to)
{
	const char *a = strstr(doc, from), *b;

	if (!a)
		return NULL;
	b = strstr(a + strlen(from), to);
	if (!b)
		return NULL;
	return strndup(a, b - a);
}

/* Does @text name @cmd as a whole word? */
static bool doc_names(const char *text, const char *cmd)
{
	size_t n = strlen(cmd);
	const char *p;

	for (p = strstr(text, cmd); p; p = strstr(p + 1, cmd)) {
		bool head = p == text || !(isalnum((u8)p[-1]) || p[-1] == '_');
		bool tail = !(isalnum((u8)p[n]) || p[n] == '_');

		if (head && tail)
			return true;
	}
	return false;
}

/* Every command word of @text: upper case, digits, with an underscore. */
static void doc_check_words(const char *text, u8 flag_or_handler,
			    bool handler_ok)
{
	const char *p = text;
	char word[64];
	unsigned int i;

	while (*p) {
		size_t n = 0;

		while (*p && !(isupper((u8)*p) || isdigit((u8)*p)))
			p++;
		if (!*p)
			break;
		while ((isupper((u8)p[n]) || isdigit((u8)p[n]) ||
			p[n] == '_') && n < sizeof(word) - 1)
			n++;
		memcpy(word, p, n);
		word[n] = 0;
		p += n ? n : 1;
		for (i = 0; i < gvt_gen9_num_cmds; i++) {
			const struct gvt_cmd_info *c = &gvt_gen9_cmds[i];

			if (strcmp(c->name, word))
				continue;
			if (!(c->flags & flag_or_handler) &&
			    !(handler_ok && c->handler))
				FAIL("cmd_parser.rst lists %s, the table does not mark it",
				     word);
		}
	}
}

TEST(cmd_doc_matches_table)
{
	char *doc = doc_load(), *refused, *priv, *ggtt, *regs;
	unsigned int i;

	ASSERT(doc);
	refused = doc_section(doc, "\nRefused commands\n", "\nAlso refused");
	priv = doc_section(doc, "\nPrivileged buffers\n", "\nRefused commands\n");
	ggtt = doc_section(doc, "\nGraphics memory (GGTT operands)\n",
			   "\nPrivileged buffers\n");
	regs = doc_section(doc, "\nRegisters\n",
			   "\nGraphics memory (GGTT operands)\n");
	ASSERT(refused && priv && ggtt && regs);

	for (i = 0; i < gvt_gen9_num_cmds; i++) {
		const struct gvt_cmd_info *c = &gvt_gen9_cmds[i];

		if ((c->flags & GVT_CMD_F_REJECT) && !doc_names(refused, c->name))
			FAIL("refused %s missing from cmd_parser.rst", c->name);
		if ((c->flags & GVT_CMD_F_PRIV) && !doc_names(priv, c->name))
			FAIL("privileged %s missing from cmd_parser.rst",
			     c->name);
		switch (c->handler) {
		case GVT_CMD_H_LRI:
		case GVT_CMD_H_LRR:
			EXPECT(doc_names(regs, c->name));
			break;
		case GVT_CMD_H_LRM:
		case GVT_CMD_H_SRM:
		case GVT_CMD_H_PIPE_CONTROL:
			EXPECT(doc_names(regs, c->name));
			EXPECT(doc_names(ggtt, c->name));
			break;
		case GVT_CMD_H_SDI:
		case GVT_CMD_H_FLUSH_DW:
		case GVT_CMD_H_ATOMIC:
		case GVT_CMD_H_COPY_MEM:
		case GVT_CMD_H_BB_START:
			EXPECT(doc_names(ggtt, c->name));
			break;
		default:
			break;
		}
	}
	/* And the other way round: what the sections name is so marked. */
	doc_check_words(refused, GVT_CMD_F_REJECT, false);
	doc_check_words(priv, GVT_CMD_F_PRIV, true);

	free(refused);
	free(priv);
	free(ggtt);
	free(regs);
	free(doc);
}
