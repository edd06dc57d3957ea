// SPDX-License-Identifier: GPL-2.0
/*
 * json.c - a small streaming JSON writer for the tools' -J output.
 *
 * It writes as it is called, indented by two spaces per level, and keeps
 * just enough state to place commas and to refuse misuse (a value without
 * a key inside an object, a key outside one, unbalanced ends).  Strings are
 * escaped as RFC 8259 requires; bytes that are not valid UTF-8 (file names
 * may hold anything) are written as U+FFFD so the output stays valid JSON.
 */
#include <inttypes.h>

#include "cli.h"

/**
 * mlic_json_init() - start a JSON document
 * @j: the writer state
 * @f: the stream to write to
 */
void mlic_json_init(struct mlic_json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

/**
 * mlic_json_finish() - end a JSON document with a newline
 * @j: the writer state
 *
 * Return: 0, -EINVAL if the calls did not make one complete value, -EIO if
 * writing failed.
 */
int mlic_json_finish(struct mlic_json *j)
{
	if (!j->err && (j->depth || j->have_key || !j->count[0]))
		j->err = -EINVAL;
	if (!j->err && (fputc('\n', j->f) == EOF || ferror(j->f)))
		j->err = -EIO;
	return j->err;
}

static void put(struct mlic_json *j, const char *s, size_t len)
{
	if (j->err)
		return;
	if (len && fwrite(s, 1, len, j->f) != len)
		j->err = -EIO;
}

static void put_str(struct mlic_json *j, const char *s)
{
	put(j, s, strlen(s));
}

static void newline_indent(struct mlic_json *j, unsigned int depth)
{
	put(j, "\n", 1);
	while (depth--)
		put(j, "  ", 2);
}

/*
 * Called before every value and every key: checks that one may stand here
 * and writes the comma and indentation that go before it.
 */
static bool begin_item(struct mlic_json *j, bool is_key)
{
	unsigned int d = j->depth;

	if (j->err)
		return false;
	if (j->have_key) {
		/* The value of a key: it goes right after "key": */
		if (is_key) {
			j->err = -EINVAL;
			return false;
		}
		j->have_key = false;
		j->count[d]++;
		return true;
	}
	if (d == 0) {
		/* One top-level value per document, and no keys there. */
		if (is_key || j->count[0]) {
			j->err = -EINVAL;
			return false;
		}
		j->count[0]++;
		return true;
	}
	if (j->is_object[d] != is_key) {
		j->err = -EINVAL;
		return false;
	}
	if (j->count[d])
		put(j, ",", 1);
	newline_indent(j, d);
	if (!is_key)
		j->count[d]++;
	return true;
}

static void open_container(struct mlic_json *j, bool object)
{
	if (!begin_item(j, false))
		return;
	if (j->depth + 1 >= MLIC_JSON_MAX_DEPTH) {
		j->err = -EINVAL;
		return;
	}
	j->depth++;
	j->count[j->depth] = 0;
	j->is_object[j->depth] = object;
	put(j, object ? "{" : "[", 1);
}

static void close_container(struct mlic_json *j, bool object)
{
	unsigned int d = j->depth;

	if (j->err)
		return;
	if (!d || j->is_object[d] != object || j->have_key) {
		j->err = -EINVAL;
		return;
	}
	if (j->count[d])
		newline_indent(j, d - 1);
	put(j, object ? "}" : "]", 1);
	j->depth--;
}

/**
 * mlic_json_object_begin() - open an object (as a value)
 * @j: the writer state
 */
void mlic_json_object_begin(struct mlic_json *j)
{
	open_container(j, true);
}

/**
 * mlic_json_object_end() - close the innermost object
 * @j: the writer state
 */
void mlic_json_object_end(struct mlic_json *j)
{
	close_container(j, true);
}

/**
 * mlic_json_array_begin() - open an array (as a value)
 * @j: the writer state
 */
void mlic_json_array_begin(struct mlic_json *j)
{
	open_container(j, false);
}

/**
 * mlic_json_array_end() - close the innermost array
 * @j: the writer state
 */
void mlic_json_array_end(struct mlic_json *j)
{
	close_container(j, false);
}

static void put_escaped(struct mlic_json *j, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = strlen(str), n;
	char esc[8];

	put(j, "\"", 1);
	while (len) {
		switch (*s) {
		case '"':
			put_str(j, "\\\"");
			break;
		case '\\':
			put_str(j, "\\\\");
			break;
		case '\b':
			put_str(j, "\\b");
			break;
		case '\f':
			put_str(j, "\\f");
			break;
		case '\n':
			put_str(j, "\\n");
			break;
		case '\r':
			put_str(j, "\\r");
			break;
		case '\t':
			put_str(j, "\\t");
			break;
		default:
			if (*s < 0x20) {
				snprintf(esc, sizeof(esc), "\\u%04x", *s);
				put_str(j, esc);
				break;
			}
			n = mlic_utf8_sequence(s, len);
			if (!n) {
				put_str(j, "\\ufffd");
				break;
			}
			put(j, (const char *)s, n);
			s += n;
			len -= n;
			continue;
		}
		s++;
		len--;
	}
	put(j, "\"", 1);
}

/**
 * mlic_json_key() - write the key of the next object member
 * @j: the writer state
 * @key: the key
 */
void mlic_json_key(struct mlic_json *j, const char *key)
{
	if (!begin_item(j, true))
		return;
	put_escaped(j, key);
	put(j, ": ", 2);
	j->have_key = true;
}

/**
 * mlic_json_string() - write a string value
 * @j: the writer state
 * @s: the string, or NULL for null
 */
void mlic_json_string(struct mlic_json *j, const char *s)
{
	if (!s) {
		mlic_json_null(j);
		return;
	}
	if (begin_item(j, false))
		put_escaped(j, s);
}

/**
 * mlic_json_u64() - write an unsigned number
 * @j: the writer state
 * @v: the number
 */
void mlic_json_u64(struct mlic_json *j, u64 v)
{
	char buf[24];

	if (begin_item(j, false)) {
		snprintf(buf, sizeof(buf), "%" PRIu64, v);
		put_str(j, buf);
	}
}

/**
 * mlic_json_s64() - write a signed number
 * @j: the writer state
 * @v: the number
 */
void mlic_json_s64(struct mlic_json *j, s64 v)
{
	char buf[24];

	if (begin_item(j, false)) {
		snprintf(buf, sizeof(buf), "%" PRId64, v);
		put_str(j, buf);
	}
}

/**
 * mlic_json_bool() - write true or false
 * @j: the writer state
 * @v: the value
 */
void mlic_json_bool(struct mlic_json *j, bool v)
{
	if (begin_item(j, false))
		put_str(j, v ? "true" : "false");
}

/**
 * mlic_json_null() - write null
 * @j: the writer state
 */
void mlic_json_null(struct mlic_json *j)
{
	if (begin_item(j, false))
		put_str(j, "null");
}

/**
 * mlic_json_kv_string() - write an object member with a string value
 * @j: the writer state
 * @key: the key
 * @s: the value, or NULL for null
 */
void mlic_json_kv_string(struct mlic_json *j, const char *key, const char *s)
{
	mlic_json_key(j, key);
	mlic_json_string(j, s);
}

/**
 * mlic_json_kv_u64() - write an object member with a number value
 * @j: the writer state
 * @key: the key
 * @v: the value
 */
void mlic_json_kv_u64(struct mlic_json *j, const char *key, u64 v)
{
	mlic_json_key(j, key);
	mlic_json_u64(j, v);
}

/**
 * mlic_json_kv_bool() - write an object member with a boolean value
 * @j: the writer state
 * @key: the key
 * @v: the value
 */
void mlic_json_kv_bool(struct mlic_json *j, const char *key, bool v)
{
	mlic_json_key(j, key);
	mlic_json_bool(j, v);
}

/**
 * mlic_json_kv_id() - write an object member whose value is an ID
 * @j: the writer state
 * @key: the key
 * @id: the ID, written as 32 lowercase hex digits, or NULL for null
 */
void mlic_json_kv_id(struct mlic_json *j, const char *key,
		     const u8 id[MLIC_ID_SIZE])
{
	char hex[MLIC_ID_HEX_LEN + 1];

	if (!id) {
		mlic_json_kv_string(j, key, NULL);
		return;
	}
	mlic_id_hex(id, hex);
	mlic_json_kv_string(j, key, hex);
}
