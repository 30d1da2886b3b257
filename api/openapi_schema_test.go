package api_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// docURL is where the compiler files the OpenAPI document; nothing is
// fetched from it.
const docURL = "https://portfolio.invalid/api/v1/openapi.json"

// responseSchemas validates answers against the document's response
// schemas (OpenAPI 3.1: JSON Schema 2020-12), whole: every property's
// type, format, enum and nested object, not only the required names.
// The document is made strict first (strict): an answer with a property
// the document does not name fails too.
type responseSchemas struct {
	c     *jsonschema.Compiler
	cache map[string]*jsonschema.Schema
}

func newResponseSchemas(t *testing.T, raw []byte) *responseSchemas {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	schemas := doc.(map[string]any)["components"].(map[string]any)["schemas"].(map[string]any)
	strict(schemas, doc)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(docURL, doc); err != nil {
		t.Fatal(err)
	}
	return &responseSchemas{c: c, cache: map[string]*jsonschema.Schema{}}
}

// pointer escapes one JSON-pointer token.
func pointer(tok string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(tok)
}

// validate checks raw against the JSON schema documented for the
// operation's status; ref is the response's $ref when it is a shared one.
func (rs *responseSchemas) validate(key string, status int, ref string, raw []byte) error {
	method, path, _ := strings.Cut(key, " ")
	at := "#/paths/" + pointer(path) + "/" + strings.ToLower(method) + fmt.Sprintf("/responses/%d", status)
	if ref != "" {
		at = ref
	}
	at += "/content/application~1json/schema"
	sch, ok := rs.cache[at]
	if !ok {
		var err error
		if sch, err = rs.c.Compile(docURL + at); err != nil {
			return fmt.Errorf("compile %s: %w", at, err)
		}
		rs.cache[at] = sch
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// strict closes every object schema under v that names its properties
// and says nothing of others (additionalProperties: false), after
// flattening an allOf of objects into one object, so that the members do
// not refuse each other's properties. Examples are data, not schemas.
func strict(schemas map[string]any, v any) {
	switch v := v.(type) {
	case map[string]any:
		if all, ok := v["allOf"].([]any); ok {
			flatten(schemas, v, all)
		}
		if _, ok := v["properties"].(map[string]any); ok {
			if _, said := v["additionalProperties"]; !said {
				v["additionalProperties"] = false
			}
		}
		for k, e := range v {
			if k != "example" && k != "examples" && k != "x-replay" {
				strict(schemas, e)
			}
		}
	case []any:
		for _, e := range v {
			strict(schemas, e)
		}
	}
}

// flatten makes s one object schema holding the properties and required
// names of every member of its allOf ($refs to components resolved).
func flatten(schemas, s map[string]any, all []any) {
	props, required := map[string]any{}, []any{}
	for _, m := range all {
		member, _ := m.(map[string]any)
		if ref, ok := member["$ref"].(string); ok {
			member, _ = schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
		}
		for k, p := range member["properties"].(map[string]any) {
			props[k] = p
		}
		if r, ok := member["required"].([]any); ok {
			required = append(required, r...)
		}
	}
	delete(s, "allOf")
	s["type"], s["properties"], s["required"] = "object", props, required
}
