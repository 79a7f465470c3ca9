/*
 * src/vulndb/yaml.c: YAML to JSON (jansson) conversion with libyaml, for the
 * YAML feeds (OSV YAML of the PyPI advisory database, Alpine secdb YAML,
 * Trivy's fixture DB). Only the first document is read; every scalar
 * becomes a JSON string (an empty plain scalar or "~"/"null" becomes JSON
 * null); anchors and aliases are refused; depth and node count are capped.
 */
#include "vulndb/import.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define YAML_MAX_DEPTH 64
#define YAML_MAX_NODES (8u * 1024 * 1024)

struct frame {
	json_t *node;
	char *key;		/* pending mapping key, or NULL */
};

static int add_value(struct frame *top, json_t *v)
{
	if (json_is_array(top->node))
		return json_array_append_new(top->node, v);
	if (!top->key) {
		/* v is a key: only scalars are accepted as keys */
		if (!json_is_string(v)) {
			json_decref(v);
			return -1;
		}
		top->key = strdup(json_string_value(v));
		json_decref(v);
		return top->key ? 0 : -1;
	}
	json_object_set_new(top->node, top->key, v);
	free(top->key);
	top->key = NULL;
	return 0;
}

int dd_yaml_to_json(struct dd_slice data, json_t **out, struct dd_err *e)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct frame stack[YAML_MAX_DEPTH + 1];
	int depth = 0, r = 0, i;
	size_t nodes = 0;
	json_t *root = NULL;
	bool done = false;

	*out = NULL;
	memset(stack, 0, sizeof(stack));
	if (!yaml_parser_initialize(&p))
		return dd_err_set(e, -DDE_FORMAT, "yaml parser");
	yaml_parser_set_input_string(&p, (const unsigned char *)(data.ptr ? data.ptr : ""),
				     data.len);
	while (!done) {
		json_t *v = NULL;

		if (!yaml_parser_parse(&p, &ev)) {
			r = dd_err_set(e, -DDE_FORMAT, "line %zu: %s", p.problem_mark.line + 1,
				       p.problem ? p.problem : "YAML error");
			break;
		}
		if (++nodes > YAML_MAX_NODES) {
			yaml_event_delete(&ev);
			r = dd_err_set(e, -DDE_LIMIT, "more than %u YAML nodes", YAML_MAX_NODES);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			done = true;
			break;
		case YAML_ALIAS_EVENT:
			r = dd_err_set(e, -DDE_UNSUPPORTED, "line %zu: YAML aliases are not supported",
				       ev.start_mark.line + 1);
			break;
		case YAML_SCALAR_EVENT: {
			const char *s = (const char *)ev.data.scalar.value;
			size_t len = ev.data.scalar.length;

			if (ev.data.scalar.anchor) {
				r = dd_err_set(e, -DDE_UNSUPPORTED, "line %zu: YAML anchors are not supported",
					       ev.start_mark.line + 1);
				break;
			}
			if (ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			    (len == 0 || (len == 1 && s[0] == '~') ||
			     (len == 4 && memcmp(s, "null", 4) == 0)))
				v = json_null();
			else
				v = json_stringn_nocheck(s, len);
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth >= YAML_MAX_DEPTH) {
				r = dd_err_set(e, -DDE_LIMIT, "line %zu: YAML nests deeper than %d",
					       ev.start_mark.line + 1, YAML_MAX_DEPTH);
				break;
			}
			stack[++depth].node = ev.type == YAML_SEQUENCE_START_EVENT ? json_array()
										   : json_object();
			stack[depth].key = NULL;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			v = stack[depth].node;
			free(stack[depth].key);
			stack[depth].node = NULL;
			stack[depth].key = NULL;
			depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (r < 0) {
			json_decref(v);
			break;
		}
		if (!v)
			continue;
		if (depth == 0) {
			json_decref(root);
			root = v;
			continue;
		}
		if (add_value(&stack[depth], v) < 0) {
			r = dd_err_set(e, -DDE_FORMAT, "line %zu: a mapping key is not a scalar",
				       p.mark.line + 1);
			break;
		}
	}
	for (i = depth; i > 0; i--) {
		json_decref(stack[i].node);
		free(stack[i].key);
	}
	yaml_parser_delete(&p);
	if (r == 0 && (depth != 0 || !root))
		r = dd_err_set(e, -DDE_FORMAT, "empty or truncated YAML document");
	if (r < 0) {
		json_decref(root);
		return r;
	}
	*out = root;
	return 0;
}
