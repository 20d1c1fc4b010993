/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/list.h>: circular doubly linked lists embedded in
 * the objects they link. Deleted entries are poisoned so that a use after
 * list_del() faults under the sanitizers instead of silently working.
 */
#ifndef _GVT_SHIM_LINUX_LIST_H
#define _GVT_SHIM_LINUX_LIST_H

#include <string.h>

#include <linux/types.h>
#include <linux/container_of.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_POISON1	((struct list_head *)0x100)
#define LIST_POISON2	((struct list_head *)0x122)

/*
 * An empty list head pointing at itself. Written variadic because the name
 * appears three times; it takes exactly one name, like the kernel's.
 */
#define LIST_HEAD(...)							\
	struct list_head __VA_ARGS__ = { &(__VA_ARGS__), &(__VA_ARGS__) }

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline void __list_link(struct list_head *entry,
			       struct list_head *prev, struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	prev->next = entry;
}

/* Insert @entry right after @head. */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_link(entry, head, head->next);
}

/* Insert @entry right before @head (at the tail when @head is the list). */
static inline void list_add_tail(struct list_head *entry,
				 struct list_head *head)
{
	__list_link(entry, head->prev, head);
}

static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	entry->next = LIST_POISON1;
	entry->prev = LIST_POISON2;
}

static inline void list_del_init(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	INIT_LIST_HEAD(entry);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

#define list_entry(ptr, type, member)	container_of(ptr, type, member)

#define list_first_entry(head, type, member)				\
	container_of((head)->next, type, member)

/* The entry of pointer type @type whose @member is at @ptr. */
#define __list_entry_ptr(ptr, type, member)				\
	((type)((char *)(ptr) - offsetof(typeof(*(type)NULL), member)))

/*
 * Iterators. As in the kernel, @pos ends up at the (invalid) entry that
 * contains @head when the loop runs to completion, and at the current entry
 * when the body breaks out; code like "if (&pos->member == head)" after
 * the loop depends on it.
 */
#define list_for_each_entry(pos, head, member)				\
	for (const struct list_head *__lh = (head), *__lc = __lh->next;	\
	     (pos) = __list_entry_ptr(__lc, typeof(pos), member),	\
	     __lc != __lh;						\
	     __lc = __lc->next)

/* Store the entries at @cur and @next, @off bytes before, in *@pos, *@n. */
static inline void __list_set_entries(void *pos, void *n,
				      const struct list_head *cur,
				      const struct list_head *next,
				      size_t off)
{
	const char *p = (const char *)cur - off;
	const char *q = (const char *)next - off;

	memcpy(pos, &p, sizeof(p));
	memcpy(n, &q, sizeof(q));
}

/* @n holds the next entry, so the body may delete @pos. */
#define list_for_each_entry_safe(pos, n, head, member)			\
	for (const struct list_head *__lh = (head), *__lc = __lh->next,	\
	     *__ln = __lc->next;					\
	     __list_set_entries(&(pos), &(n), __lc, __ln,		\
				offsetof(typeof(*(typeof(pos))NULL),	\
					 member)),			\
	     __lc != __lh;						\
	     __lc = __ln, __ln = __ln->next)

#endif /* _GVT_SHIM_LINUX_LIST_H */
