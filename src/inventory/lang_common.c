/*
 * src/inventory/lang_common.c: what the language parsers share: adding a
 * package with its purl, per-file de-duplication, PEP 503 names, bounded
 * JSON loading, and the YAML (libyaml) and TOML readers that build a small
 * document tree (struct dd_tnode).
 */
#include "inventory/lang.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "inventory/purl.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- purl ------------------------------------------------------------------ */

static void purl_seg(struct dd_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' || c == '_' || c == '~') {
			dd_buf_addch(b, (char)c);
		} else {
			dd_buf_addch(b, '%');
			dd_buf_addch(b, hex[c >> 4]);
			dd_buf_addch(b, hex[c & 15]);
		}
	}
}

/* Appends a slash-separated path, each segment encoded. */
static void purl_path(struct dd_buf *b, const char *s)
{
	const char *p;

	while ((p = strchr(s, '/')) != NULL) {
		purl_seg(b, s, (size_t)(p - s));
		dd_buf_addch(b, '/');
		s = p + 1;
	}
	purl_seg(b, s, strlen(s));
}

char *dd_pep503(const char *name)
{
	struct dd_buf b = DD_BUF_INIT;
	bool sep = false;

	for (; *name; name++) {
		char c = *name;

		if (c == '-' || c == '_' || c == '.') {
			sep = true;
			continue;
		}
		if (sep && b.len)
			dd_buf_addch(&b, '-');
		sep = false;
		dd_buf_addch(&b, (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c);
	}
	return dd_buf_detach(&b, NULL);
}

char *dd_lang_purl(enum dd_eco eco, const char *name, const char *version)
{
	struct dd_buf b = DD_BUF_INIT;
	const char *colon;
	char *low;

	switch (eco) {
	case DD_ECO_NPM:
		dd_buf_adds(&b, "pkg:npm/");
		purl_path(&b, name);
		break;
	case DD_ECO_PYPI:
		dd_buf_adds(&b, "pkg:pypi/");
		low = dd_pep503(name);
		purl_seg(&b, low, strlen(low));
		free(low);
		break;
	case DD_ECO_GO:
		dd_buf_adds(&b, "pkg:golang/");
		purl_path(&b, name);
		break;
	case DD_ECO_MAVEN:
		dd_buf_adds(&b, "pkg:maven/");
		colon = strchr(name, ':');
		if (colon) {
			purl_seg(&b, name, (size_t)(colon - name));
			dd_buf_addch(&b, '/');
			purl_seg(&b, colon + 1, strlen(colon + 1));
		} else {
			purl_seg(&b, name, strlen(name));
		}
		break;
	case DD_ECO_RUBYGEMS:
		dd_buf_adds(&b, "pkg:gem/");
		purl_seg(&b, name, strlen(name));
		break;
	case DD_ECO_CRATES:
		dd_buf_adds(&b, "pkg:cargo/");
		purl_seg(&b, name, strlen(name));
		break;
	case DD_ECO_PACKAGIST:
		dd_buf_adds(&b, "pkg:composer/");
		purl_path(&b, name);
		break;
	case DD_ECO_NUGET:
		dd_buf_adds(&b, "pkg:nuget/");
		purl_seg(&b, name, strlen(name));
		break;
	case DD_ECO_PUB:
	case DD_ECO_HEX:
	case DD_ECO_COCOAPODS:
	case DD_ECO_CONAN:
		dd_buf_addf(&b, "pkg:%s/", dd_purl_type(eco));
		purl_seg(&b, name, strlen(name));
		break;
	case DD_ECO_SWIFT:
		/* "github.com/apple/swift-nio": namespace github.com/apple, name swift-nio */
		dd_buf_adds(&b, "pkg:swift/");
		purl_path(&b, name);
		break;
	default:
		dd_buf_adds(&b, "pkg:generic/");
		purl_seg(&b, name, strlen(name));
		break;
	}
	dd_buf_addch(&b, '@');
	purl_seg(&b, version, strlen(version));
	return dd_buf_detach(&b, NULL);
}

/* ---- adding packages --------------------------------------------------------- */

struct dd_pkg *dd_lang_add(struct dd_inventory *inv, enum dd_eco eco, const char *path,
			   const char *name, const char *version)
{
	struct dd_pkg *p;

	if (!name || !*name || !version || !*version)
		return NULL;
	p = dd_inventory_add(inv);
	p->eco = eco;
	p->name = dd_xstrdup(name);
	p->version = dd_xstrdup(version);
	p->found_in = dd_xstrdup(path);
	p->purl = dd_lang_purl(eco, name, version);
	return p;
}

static uint64_t hash_nv(const char *name, const char *version)
{
	uint64_t h = 1469598103934665603ull;
	const char *s;

	for (s = name; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (s = version; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static bool key_is(const char *key, const char *name, const char *version)
{
	size_t n = strlen(name);

	return strcmp(key, name) == 0 && strcmp(key + n + 1, version) == 0;
}

bool dd_lang_seen_add(struct dd_lang_seen *s, const char *name, const char *version)
{
	size_t i, mask;
	char *key;

	if ((s->n + 1) * 2 > s->cap) {
		struct dd_lang_seen g = { NULL, 0, s->cap ? s->cap * 2 : 64 };

		g.keys = dd_xcalloc(g.cap, sizeof(*g.keys));
		for (i = 0; i < s->cap; i++) {
			size_t j;
			const char *k = s->keys[i];

			if (!k)
				continue;
			j = hash_nv(k, k + strlen(k) + 1) & (g.cap - 1);
			while (g.keys[j])
				j = (j + 1) & (g.cap - 1);
			g.keys[j] = s->keys[i];
		}
		free(s->keys);
		g.n = s->n;
		*s = g;
	}
	mask = s->cap - 1;
	for (i = hash_nv(name, version) & mask; s->keys[i]; i = (i + 1) & mask)
		if (key_is(s->keys[i], name, version))
			return true;
	key = dd_xmalloc(strlen(name) + strlen(version) + 2);
	memcpy(key, name, strlen(name) + 1);
	memcpy(key + strlen(name) + 1, version, strlen(version) + 1);
	s->keys[i] = key;
	s->n++;
	return false;
}

void dd_lang_seen_release(struct dd_lang_seen *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		free(s->keys[i]);
	free(s->keys);
	s->keys = NULL;
	s->n = s->cap = 0;
}

struct dd_pkg *dd_lang_add_once(struct dd_lang_seen *seen, struct dd_inventory *inv, enum dd_eco eco,
				const char *path, const char *name, const char *version)
{
	if (!name || !*name || !version || !*version)
		return NULL;
	if (dd_lang_seen_add(seen, name, version))
		return NULL;
	return dd_lang_add(inv, eco, path, name, version);
}

void dd_lang_remove_if(struct dd_inventory *inv, size_t from,
		       bool (*drop)(const struct dd_pkg *p, void *arg), void *arg)
{
	size_t i, j = from;

	for (i = from; i < inv->n_pkgs; i++) {
		if (drop(&inv->pkgs[i], arg)) {
			dd_pkg_release(&inv->pkgs[i]);
			continue;
		}
		if (i != j)
			inv->pkgs[j] = inv->pkgs[i];
		j++;
	}
	inv->n_pkgs = j;
}

int dd_lang_too_large(struct dd_slice data, struct dd_err *e)
{
	return dd_err_set(e, -DDE_LIMIT, "%zu bytes, more than the %u allowed", data.len,
			  DD_LANG_MAX_FILE);
}

/* ---- JSON -------------------------------------------------------------------- */

int dd_lang_json(json_t **out, struct dd_slice data, struct dd_err *e)
{
	size_t i, depth = 0;
	bool in_str = false;
	json_error_t je;
	json_t *j;

	*out = NULL;
	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	for (i = 0; i < data.len; i++) {
		char c = data.ptr[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '[' || c == '{') {
			if (++depth > DD_LANG_MAX_DEPTH)
				return dd_err_set(e, -DDE_LIMIT, "offset %zu: JSON nested deeper than %d",
						  i, DD_LANG_MAX_DEPTH);
		} else if ((c == ']' || c == '}') && depth) {
			depth--;
		}
	}
	j = json_loadb(data.ptr ? data.ptr : "", data.len, JSON_ALLOW_NUL, &je);
	if (!j)
		return dd_err_set(e, -DDE_FORMAT, "line %d: %s", je.line, je.text);
	*out = j;
	return 0;
}

const char *dd_json_str(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- the document tree --------------------------------------------------------- */

static struct dd_tnode *tnode_new(enum dd_tnode_kind kind)
{
	struct dd_tnode *n = dd_xcalloc(1, sizeof(*n));

	n->kind = kind;
	return n;
}

static void tnode_push(struct dd_tnode *parent, struct dd_tnode *kid)
{
	DD_GROW(parent->kids, parent->cap_kids, parent->n_kids + 1);
	parent->kids[parent->n_kids++] = kid;
}

void dd_tnode_free(struct dd_tnode *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n_kids; i++)
		dd_tnode_free(n->kids[i]);
	free(n->kids);
	free(n->key);
	free(n->str);
	free(n);
}

const struct dd_tnode *dd_tnode_get(const struct dd_tnode *map, const char *key)
{
	size_t i;

	if (!map || map->kind != DD_TN_MAP)
		return NULL;
	for (i = 0; i < map->n_kids; i++)
		if (map->kids[i]->key && strcmp(map->kids[i]->key, key) == 0)
			return map->kids[i];
	return NULL;
}

const char *dd_tnode_str(const struct dd_tnode *map, const char *key)
{
	const struct dd_tnode *n = dd_tnode_get(map, key);

	return n && n->kind == DD_TN_SCALAR ? n->str : NULL;
}

/* ---- YAML ---------------------------------------------------------------------- */

int dd_lang_yaml(struct dd_tnode **out, struct dd_slice data, struct dd_err *e)
{
	struct dd_tnode *stack[DD_LANG_MAX_DEPTH + 1];
	struct dd_tnode *root = NULL;
	char *pending_key = NULL;
	size_t depth = 0, events = 0;
	yaml_parser_t parser;
	yaml_event_t ev;
	bool done = false;
	int r = 0;

	*out = NULL;
	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	if (!yaml_parser_initialize(&parser))
		return dd_err_set(e, -DDE_INTERNAL, "libyaml initialisation");
	yaml_parser_set_input_string(&parser, (const unsigned char *)(data.ptr ? data.ptr : ""),
				     data.len);
	while (!done) {
		struct dd_tnode *n = NULL, *top = depth ? stack[depth - 1] : NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			r = dd_err_set(e, -DDE_FORMAT, "line %zu: %s",
				       parser.problem_mark.line + 1,
				       parser.problem ? parser.problem : "YAML syntax error");
			break;
		}
		if (++events > DD_LANG_MAX_NODES) {
			yaml_event_delete(&ev);
			r = dd_err_set(e, -DDE_LIMIT, "more than %u YAML events", DD_LANG_MAX_NODES);
			break;
		}
		switch (ev.type) {
		case YAML_SCALAR_EVENT:
			if (top && top->kind == DD_TN_MAP && !pending_key) {
				pending_key = dd_xstrndup((const char *)ev.data.scalar.value,
							  ev.data.scalar.length);
				break;
			}
			n = tnode_new(DD_TN_SCALAR);
			n->str = dd_xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			break;
		case YAML_ALIAS_EVENT:
			if (top && top->kind == DD_TN_MAP && !pending_key) {
				pending_key = dd_xstrdup("");
				break;
			}
			n = tnode_new(DD_TN_NULL);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (top && top->kind == DD_TN_MAP && !pending_key) {
				/* a complex key: parse it, then drop it */
				pending_key = dd_xstrdup("");
			}
			if (depth >= DD_LANG_MAX_DEPTH) {
				yaml_event_delete(&ev);
				r = dd_err_set(e, -DDE_LIMIT, "line %zu: YAML nested deeper than %d",
					       parser.mark.line + 1, DD_LANG_MAX_DEPTH);
				goto out;
			}
			n = tnode_new(ev.type == YAML_SEQUENCE_START_EVENT ? DD_TN_SEQ : DD_TN_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth)
				depth--;
			break;
		case YAML_DOCUMENT_END_EVENT:
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		if (n) {
			if (top) {
				if (top->kind == DD_TN_MAP) {
					n->key = pending_key;
					pending_key = NULL;
				}
				tnode_push(top, n);
			} else if (!root) {
				root = n;
			} else {
				dd_tnode_free(n);
				n = NULL;
			}
			if (n && (n->kind == DD_TN_MAP || n->kind == DD_TN_SEQ))
				stack[depth++] = n;
		}
		yaml_event_delete(&ev);
	}
out:
	free(pending_key);
	yaml_parser_delete(&parser);
	if (r < 0) {
		dd_tnode_free(root);
		return r;
	}
	*out = root ? root : tnode_new(DD_TN_NULL);
	return 0;
}

/* ---- TOML ---------------------------------------------------------------------- */

struct toml {
	const char *p, *end;
	size_t line;
	size_t nodes;
	struct dd_err *e;
};

static int toml_err(struct toml *t, const char *what)
{
	return dd_err_set(t->e, -DDE_FORMAT, "line %zu: %s", t->line, what);
}

/* Skips spaces and tabs; with nl also newlines and comments. */
static void toml_ws(struct toml *t, bool nl)
{
	while (t->p < t->end) {
		char c = *t->p;

		if (c == ' ' || c == '\t' || c == '\r') {
			t->p++;
		} else if (nl && c == '\n') {
			t->line++;
			t->p++;
		} else if (nl && c == '#') {
			while (t->p < t->end && *t->p != '\n')
				t->p++;
		} else {
			break;
		}
	}
}

static void utf8_put(struct dd_buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		dd_buf_addch(b, (char)cp);
	} else if (cp < 0x800) {
		dd_buf_addch(b, (char)(0xc0 | (cp >> 6)));
		dd_buf_addch(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		dd_buf_addch(b, (char)(0xe0 | (cp >> 12)));
		dd_buf_addch(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		dd_buf_addch(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		dd_buf_addch(b, (char)(0xf0 | ((cp >> 18) & 7)));
		dd_buf_addch(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
		dd_buf_addch(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		dd_buf_addch(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* Reads a quoted string (t->p at the opening quote) into a heap string. */
static int toml_string(struct toml *t, char **out)
{
	char q = *t->p;
	bool multi = t->end - t->p >= 3 && t->p[1] == q && t->p[2] == q;
	struct dd_buf b = DD_BUF_INIT;

	t->p += multi ? 3 : 1;
	if (multi && t->p < t->end && *t->p == '\n') {
		t->p++;
		t->line++;
	}
	for (;;) {
		char c;

		if (t->p >= t->end) {
			dd_buf_release(&b);
			return toml_err(t, "unterminated string");
		}
		c = *t->p;
		if (c == q) {
			if (!multi) {
				t->p++;
				break;
			}
			if (t->end - t->p >= 3 && t->p[1] == q && t->p[2] == q) {
				t->p += 3;
				/* up to two more quotes belong to the content */
				while (t->p < t->end && *t->p == q) {
					dd_buf_addch(&b, q);
					t->p++;
				}
				break;
			}
		}
		if (c == '\n') {
			if (!multi) {
				dd_buf_release(&b);
				return toml_err(t, "newline in a string");
			}
			t->line++;
		}
		if (c == '\\' && q == '"') {
			char x;

			if (t->end - t->p < 2) {
				dd_buf_release(&b);
				return toml_err(t, "unterminated string");
			}
			x = t->p[1];
			t->p += 2;
			switch (x) {
			case 'n': dd_buf_addch(&b, '\n'); break;
			case 't': dd_buf_addch(&b, '\t'); break;
			case 'r': dd_buf_addch(&b, '\r'); break;
			case 'b': dd_buf_addch(&b, '\b'); break;
			case 'f': dd_buf_addch(&b, '\f'); break;
			case '"': dd_buf_addch(&b, '"'); break;
			case '\\': dd_buf_addch(&b, '\\'); break;
			case 'u':
			case 'U': {
				int n = x == 'u' ? 4 : 8, k;
				uint32_t cp = 0;

				if (t->end - t->p < n) {
					dd_buf_release(&b);
					return toml_err(t, "short unicode escape");
				}
				for (k = 0; k < n; k++) {
					char h = t->p[k];

					cp <<= 4;
					if (h >= '0' && h <= '9')
						cp |= (uint32_t)(h - '0');
					else if (h >= 'a' && h <= 'f')
						cp |= (uint32_t)(h - 'a' + 10);
					else if (h >= 'A' && h <= 'F')
						cp |= (uint32_t)(h - 'A' + 10);
					else {
						dd_buf_release(&b);
						return toml_err(t, "bad unicode escape");
					}
				}
				t->p += n;
				utf8_put(&b, cp > 0x10ffff ? 0xfffd : cp);
				break;
			}
			default:
				if (multi && (x == '\n' || x == ' ' || x == '\t' || x == '\r')) {
					/* line-ending backslash: trim the following whitespace */
					t->p--;
					while (t->p < t->end && (*t->p == ' ' || *t->p == '\t' ||
								  *t->p == '\r' || *t->p == '\n')) {
						if (*t->p == '\n')
							t->line++;
						t->p++;
					}
					break;
				}
				dd_buf_release(&b);
				return toml_err(t, "bad escape");
			}
			continue;
		}
		dd_buf_addch(&b, c);
		t->p++;
	}
	*out = dd_buf_detach(&b, NULL);
	return 0;
}

static bool bare_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* Reads a dotted key into parts (heap strings); *n_out parts. */
#define TOML_MAX_KEY_PARTS 16
static int toml_key(struct toml *t, char **parts, size_t *n_out)
{
	size_t n = 0;
	int r;

	for (;;) {
		toml_ws(t, false);
		if (n == TOML_MAX_KEY_PARTS) {
			r = dd_err_set(t->e, -DDE_LIMIT, "line %zu: key with too many parts", t->line);
			goto fail;
		}
		if (t->p < t->end && (*t->p == '"' || *t->p == '\'')) {
			r = toml_string(t, &parts[n]);
			if (r < 0)
				goto fail;
			n++;
		} else {
			const char *s = t->p;

			while (t->p < t->end && bare_key_char(*t->p))
				t->p++;
			if (t->p == s) {
				r = toml_err(t, "expected a key");
				goto fail;
			}
			parts[n++] = dd_xstrndup(s, (size_t)(t->p - s));
		}
		toml_ws(t, false);
		if (t->p < t->end && *t->p == '.') {
			t->p++;
			continue;
		}
		break;
	}
	*n_out = n;
	return 0;
fail:
	while (n)
		free(parts[--n]);
	return r;
}

/* Finds or creates the table key under map (the last item for an array of tables). */
static struct dd_tnode *toml_table(struct toml *t, struct dd_tnode *map, const char *key)
{
	struct dd_tnode *n = (struct dd_tnode *)dd_tnode_get(map, key);

	if (n && n->kind == DD_TN_SEQ) {
		if (!n->n_kids)
			return NULL;
		n = n->kids[n->n_kids - 1];
	}
	if (n)
		return n->kind == DD_TN_MAP ? n : NULL;
	if (++t->nodes > DD_LANG_MAX_NODES)
		return NULL;
	n = tnode_new(DD_TN_MAP);
	n->key = dd_xstrdup(key);
	tnode_push(map, n);
	return n;
}

static int toml_value(struct toml *t, struct dd_tnode **out, int depth);

/*
 * Parses one "dotted.key = value" row into table (intermediate keys become
 * tables); the value is parsed at depth. Returns 0 or a negative code.
 */
static int toml_keyval(struct toml *t, struct dd_tnode *table, int depth)
{
	char *parts[TOML_MAX_KEY_PARTS];
	struct dd_tnode *at = table, *v = NULL;
	size_t n = 0, i;
	int r;

	r = toml_key(t, parts, &n);
	if (r < 0)
		return r;
	for (i = 0; i + 1 < n && at; i++)
		at = toml_table(t, at, parts[i]);
	toml_ws(t, false);
	if (!at || t->p >= t->end || *t->p != '=') {
		r = toml_err(t, at ? "expected '='" : "key is not a table");
		goto out;
	}
	t->p++;
	toml_ws(t, false);
	r = toml_value(t, &v, depth);
	if (r == 0) {
		v->key = parts[n - 1];
		parts[n - 1] = NULL;
		tnode_push(at, v);
	}
out:
	for (i = 0; i < n; i++)
		free(parts[i]);
	return r;
}

static int toml_inline_table(struct toml *t, struct dd_tnode *map, int depth, char close)
{
	int r;

	for (;;) {
		toml_ws(t, true);
		if (t->p < t->end && *t->p == close) {
			t->p++;
			return 0;
		}
		r = toml_keyval(t, map, depth + 1);
		if (r < 0)
			return r;
		toml_ws(t, true);
		if (t->p < t->end && *t->p == ',') {
			t->p++;
			continue;
		}
		if (t->p < t->end && *t->p == close) {
			t->p++;
			return 0;
		}
		return toml_err(t, "expected ',' or '}'");
	}
}

static int toml_value(struct toml *t, struct dd_tnode **out, int depth)
{
	struct dd_tnode *n = NULL;
	int r = 0;

	*out = NULL;
	if (depth > DD_LANG_MAX_DEPTH)
		return dd_err_set(t->e, -DDE_LIMIT, "line %zu: TOML nested deeper than %d", t->line,
				  DD_LANG_MAX_DEPTH);
	if (++t->nodes > DD_LANG_MAX_NODES)
		return dd_err_set(t->e, -DDE_LIMIT, "more than %u TOML values", DD_LANG_MAX_NODES);
	if (t->p >= t->end)
		return toml_err(t, "expected a value");
	if (*t->p == '"' || *t->p == '\'') {
		n = tnode_new(DD_TN_SCALAR);
		r = toml_string(t, &n->str);
	} else if (*t->p == '[') {
		t->p++;
		n = tnode_new(DD_TN_SEQ);
		for (;;) {
			struct dd_tnode *item = NULL;

			toml_ws(t, true);
			if (t->p < t->end && *t->p == ']') {
				t->p++;
				break;
			}
			r = toml_value(t, &item, depth + 1);
			if (r < 0)
				break;
			tnode_push(n, item);
			toml_ws(t, true);
			if (t->p < t->end && *t->p == ',') {
				t->p++;
				continue;
			}
			if (t->p < t->end && *t->p == ']') {
				t->p++;
				break;
			}
			r = toml_err(t, "expected ',' or ']'");
			break;
		}
	} else if (*t->p == '{') {
		t->p++;
		n = tnode_new(DD_TN_MAP);
		r = toml_inline_table(t, n, depth, '}');
	} else {
		const char *s = t->p;

		while (t->p < t->end && *t->p != ',' && *t->p != ']' && *t->p != '}' &&
		       *t->p != '\n' && *t->p != '#' && *t->p != '\r')
			t->p++;
		while (t->p > s && (t->p[-1] == ' ' || t->p[-1] == '\t'))
			t->p--;
		if (t->p == s)
			return toml_err(t, "expected a value");
		n = tnode_new(DD_TN_SCALAR);
		n->str = dd_xstrndup(s, (size_t)(t->p - s));
	}
	if (r < 0) {
		dd_tnode_free(n);
		return r;
	}
	*out = n;
	return 0;
}

int dd_lang_toml(struct dd_tnode **out, struct dd_slice data, struct dd_err *e)
{
	struct toml t = { data.ptr, data.ptr + data.len, 1, 0, e };
	struct dd_tnode *root = tnode_new(DD_TN_MAP), *cur = root;
	int r = 0;

	*out = NULL;
	if (data.len > DD_LANG_MAX_FILE) {
		r = dd_lang_too_large(data, e);
		goto out;
	}
	for (;;) {
		toml_ws(&t, true);
		if (t.p >= t.end)
			break;
		if (*t.p == '[') {
			bool array = t.end - t.p >= 2 && t.p[1] == '[';
			char *parts[TOML_MAX_KEY_PARTS];
			size_t n = 0, i;

			t.p += array ? 2 : 1;
			r = toml_key(&t, parts, &n);
			if (r < 0)
				goto out;
			cur = root;
			for (i = 0; i + 1 < n && cur; i++)
				cur = toml_table(&t, cur, parts[i]);
			if (cur && array) {
				struct dd_tnode *seq = (struct dd_tnode *)dd_tnode_get(cur, parts[n - 1]);

				if (!seq) {
					seq = tnode_new(DD_TN_SEQ);
					seq->key = dd_xstrdup(parts[n - 1]);
					tnode_push(cur, seq);
				}
				if (seq->kind != DD_TN_SEQ || ++t.nodes > DD_LANG_MAX_NODES) {
					cur = NULL;
				} else {
					cur = tnode_new(DD_TN_MAP);
					tnode_push(seq, cur);
				}
			} else if (cur) {
				cur = toml_table(&t, cur, parts[n - 1]);
			}
			for (i = 0; i < n; i++)
				free(parts[i]);
			if (!cur) {
				r = t.nodes > DD_LANG_MAX_NODES ?
					dd_err_set(e, -DDE_LIMIT, "more than %u TOML values", DD_LANG_MAX_NODES) :
					toml_err(&t, "table header names a value");
				goto out;
			}
			if (t.end - t.p < (array ? 2 : 1) || *t.p != ']' || (array && t.p[1] != ']')) {
				r = toml_err(&t, "unterminated table header");
				goto out;
			}
			t.p += array ? 2 : 1;
		} else {
			/* key = value lines of the current table, parsed like an inline table row */
			r = toml_keyval(&t, cur, 1);
			if (r < 0)
				goto out;
		}
		toml_ws(&t, false);
		if (t.p < t.end && *t.p == '#')
			toml_ws(&t, true);
		else if (t.p < t.end && *t.p != '\n') {
			r = toml_err(&t, "junk after a value");
			goto out;
		}
	}
out:
	if (r < 0) {
		dd_tnode_free(root);
		return r;
	}
	*out = root;
	return 0;
}
