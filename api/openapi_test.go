package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"portfolio/api"
	"portfolio/importer"
	"portfolio/models/storetest"
	"portfolio/report"
)

// minReplays is how many x-replay runs the document holds at least, so a
// document that loses its replays fails instead of passing with none.
const minReplays = 28

// The parts of an OpenAPI document the tests read.
type (
	oaDoc struct {
		OpenAPI    string                                `json:"openapi"`
		Info       struct{ Title, Version string }       `json:"info"`
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]oaParam    `json:"parameters"`
			Responses  map[string]oaResponse `json:"responses"`
			Schemas    map[string]oaSchema   `json:"schemas"`
		} `json:"components"`
	}
	oaOperation struct {
		OperationID string                `json:"operationId"`
		Parameters  []oaParam             `json:"parameters"`
		RequestBody *oaBody               `json:"requestBody"`
		Responses   map[string]oaResponse `json:"responses"`
		Replay      []oaReplay            `json:"x-replay"`
	}
	oaParam struct {
		Ref     string `json:"$ref"`
		Name    string `json:"name"`
		In      string `json:"in"`
		Example any    `json:"example"`
	}
	oaBody struct {
		Content map[string]struct {
			Examples map[string]struct {
				Value json.RawMessage `json:"value"`
			} `json:"examples"`
		} `json:"content"`
	}
	oaResponse struct {
		Ref     string `json:"$ref"`
		Content map[string]struct {
			Schema oaSchema `json:"schema"`
		} `json:"content"`
	}
	oaSchema struct {
		Ref      string     `json:"$ref"`
		Required []string   `json:"required"`
		AllOf    []oaSchema `json:"allOf"`
	}
	// oaReplay is one request a test sends: parameters from their
	// examples unless Params overrides them ("" leaves one out, "${v}" is
	// a value saved earlier), the body from the request example named
	// Example, and Status the documented answer. Save keeps values of
	// the reply (dotted paths into its JSON) for later runs.
	oaReplay struct {
		Order   int               `json:"order"`
		Status  int               `json:"status"`
		Params  map[string]any    `json:"params"`
		Example string            `json:"example"`
		Save    map[string]string `json:"save"`
	}
)

// operations lists the document's operations as "METHOD /path".
func (d *oaDoc) operations(t *testing.T) map[string]oaOperation {
	t.Helper()
	methods := []string{"get", "put", "post", "delete", "patch", "head", "options"}
	ops := map[string]oaOperation{}
	for path, item := range d.Paths {
		for key, raw := range item {
			if !slices.Contains(methods, key) {
				continue
			}
			var op oaOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", key, path, err)
			}
			ops[strings.ToUpper(key)+" "+path] = op
		}
	}
	return ops
}

func (d *oaDoc) param(t *testing.T, p oaParam) oaParam {
	t.Helper()
	if p.Ref == "" {
		return p
	}
	q, ok := d.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
	if !ok {
		t.Fatalf("unresolved %s", p.Ref)
	}
	return q
}

func (d *oaDoc) response(t *testing.T, r oaResponse) oaResponse {
	t.Helper()
	if r.Ref == "" {
		return r
	}
	q, ok := d.Components.Responses[strings.TrimPrefix(r.Ref, "#/components/responses/")]
	if !ok {
		t.Fatalf("unresolved %s", r.Ref)
	}
	return q
}

// required is the top-level required properties of a schema, through
// $ref and allOf.
func (d *oaDoc) required(t *testing.T, s oaSchema) []string {
	t.Helper()
	if s.Ref != "" {
		r, ok := d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
		if !ok {
			t.Fatalf("unresolved %s", s.Ref)
		}
		return d.required(t, r)
	}
	out := slices.Clone(s.Required)
	for _, a := range s.AllOf {
		out = append(out, d.required(t, a)...)
	}
	return out
}

// loadDoc fetches the document as an anonymous client would.
func loadDoc(t *testing.T, base string) (*oaDoc, []byte) {
	t.Helper()
	res, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json without sign-in: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var d oaDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return &d, raw
}

// apiRoutes is the router's /api/v1 routes as "METHOD /path/{param}".
func apiRoutes(t *testing.T) map[string]bool {
	t.Helper()
	s := storetest.SQLite(t)
	routes, err := api.RouteTable(api.Config{Store: s, Reporter: &report.Reporter{Store: s}, Importer: &importer.Importer{Store: s},
		Staging: &importer.Staging{Dir: filepath.Join(t.TempDir(), "uploads")}, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`)
	out := map[string]bool{}
	for _, r := range routes {
		if strings.HasPrefix(r.Path, "/api/v1/") {
			out[r.Method+" "+param.ReplaceAllString(r.Path, "{$1}")] = true
		}
	}
	return out
}

// TestOpenAPIMatchesRoutes: every /api/v1 route is documented with its
// method, and every documented operation is a route (or pending).
func TestOpenAPIMatchesRoutes(t *testing.T) {
	srv := newServer(t, storetest.SQLite(t))
	d, raw := loadDoc(t, srv.URL)
	if !strings.HasPrefix(d.OpenAPI, "3.") || d.Info.Title == "" || d.Info.Version == "" {
		t.Fatalf("openapi %q, info %+v", d.OpenAPI, d.Info)
	}
	routes := apiRoutes(t)
	if len(routes) < 18 {
		t.Fatalf("only %d /api/v1 routes in the router: %v", len(routes), routes)
	}
	ops := d.operations(t)
	for r := range routes {
		if _, ok := ops[r]; !ok {
			t.Errorf("route %s is not in the OpenAPI document", r)
		}
	}
	pathParam := regexp.MustCompile(`\{([^}]+)\}`)
	for key, op := range ops {
		if !routes[key] {
			t.Errorf("documented %s is not a route", key)
		}
		if op.OperationID == "" || len(op.Responses) == 0 {
			t.Errorf("%s: no operationId or no responses", key)
		}
		declared := map[string]bool{}
		for _, p := range op.Parameters {
			if p = d.param(t, p); p.In == "path" {
				declared[p.Name] = true
			}
		}
		for _, m := range pathParam.FindAllStringSubmatch(key, -1) {
			if !declared[m[1]] {
				t.Errorf("%s: path parameter %s is not declared", key, m[1])
			}
		}
		for code, r := range op.Responses {
			r = d.response(t, r)
			for ctype, c := range r.Content {
				if ctype == "application/json" {
					d.required(t, c.Schema) // every $ref on the way resolves
				}
			}
			if _, err := strconv.Atoi(code); err != nil && code != "default" {
				t.Errorf("%s: response %q", key, code)
			}
		}
	}
	// Every $ref anywhere points at something.
	var whole any
	if err := json.Unmarshal(raw, &whole); err != nil {
		t.Fatal(err)
	}
	checkRefs(t, whole, whole, "#")
}

func checkRefs(t *testing.T, root, v any, at string) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			var cur any = root
			for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
				m, _ := cur.(map[string]any)
				cur = m[part]
			}
			if cur == nil {
				t.Errorf("%s: $ref %s points at nothing", at, ref)
			}
		}
		for k, e := range v {
			checkRefs(t, root, e, at+"/"+k)
		}
	case []any:
		for i, e := range v {
			checkRefs(t, root, e, at+"/"+strconv.Itoa(i))
		}
	}
}

type replayRun struct {
	key, method, path string
	op                oaOperation
	r                 oaReplay
}

// TestOpenAPIExamplesReplay sends every x-replay of the document, in
// order, to a server seeded with two projects, and checks each answer has
// the documented status, content type and required properties.
func TestOpenAPIExamplesReplay(t *testing.T) {
	s := storetest.SQLite(t)
	seed(t, s)
	srv := newServer(t, s)
	d, raw := loadDoc(t, srv.URL)
	routes := apiRoutes(t)
	schemas := newResponseSchemas(t, raw)

	var runs []replayRun
	replayedOK := map[string]bool{}
	for key, op := range d.operations(t) {
		if !routes[key] {
			t.Logf("%s is pending: its replays are skipped", key)
			continue
		}
		method, path, _ := strings.Cut(key, " ")
		for _, r := range op.Replay {
			runs = append(runs, replayRun{key, method, path, op, r})
			if r.Status/100 == 2 {
				replayedOK[key] = true
			}
		}
		if method == http.MethodGet && !replayedOK[key] {
			t.Errorf("%s has no x-replay answering 2xx", key)
		}
	}
	if !replayedOK["POST /api/v1/projects/{id}/reports"] {
		t.Error("the monthly report submit has no x-replay answering 2xx")
	}
	if len(runs) < minReplays {
		t.Fatalf("%d replays, want at least %d", len(runs), minReplays)
	}
	slices.SortStableFunc(runs, func(a, b replayRun) int {
		if a.r.Order != b.r.Order {
			return a.r.Order - b.r.Order
		}
		return strings.Compare(a.key, b.key)
	})

	saved := map[string]string{}
	expand := func(v any) string {
		var s string
		switch v := v.(type) {
		case string:
			s = v
		case float64:
			s = strconv.FormatFloat(v, 'f', -1, 64)
		case nil:
			return ""
		default:
			s = fmt.Sprint(v)
		}
		return regexp.MustCompile(`\$\{(\w+)\}`).ReplaceAllStringFunc(s, func(m string) string {
			name := m[2 : len(m)-1]
			v, ok := saved[name]
			if !ok {
				t.Fatalf("replay uses ${%s} before it is saved", name)
			}
			return v
		})
	}
	for _, run := range runs {
		name := fmt.Sprintf("%d %s", run.r.Order, run.key)
		path, query := run.path, url.Values{}
		for _, p := range run.op.Parameters {
			p = d.param(t, p)
			v, over := run.r.Params[p.Name]
			if !over {
				v = p.Example
			}
			val := expand(v)
			switch {
			case p.In == "path" && val == "":
				t.Fatalf("%s: no value for path parameter %s", name, p.Name)
			case p.In == "path":
				path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(val))
			case p.In == "query" && val != "":
				query.Set(p.Name, val)
			}
		}
		for k := range run.r.Params {
			if !slices.ContainsFunc(run.op.Parameters, func(p oaParam) bool { return d.param(t, p).Name == k }) {
				t.Fatalf("%s: params names %s, not a parameter of the operation", name, k)
			}
		}
		u := srv.URL + path
		if len(query) > 0 {
			u += "?" + query.Encode()
		}
		body, ctype := replayBody(t, name, run.op.RequestBody, run.r.Example)
		req, _ := http.NewRequest(run.method, u, body)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != run.r.Status {
			t.Fatalf("%s: %s → %d, documented %d: %.300s", name, u, res.StatusCode, run.r.Status, raw)
		}
		doc, ok := run.op.Responses[strconv.Itoa(run.r.Status)]
		if !ok {
			t.Fatalf("%s: status %d is not among the documented responses", name, run.r.Status)
		}
		doc = d.response(t, doc)
		if len(doc.Content) == 0 {
			if len(raw) != 0 {
				t.Errorf("%s: documented without content, got %.100q", name, raw)
			}
			continue
		}
		got, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
		media, ok := doc.Content[got]
		if !ok {
			t.Fatalf("%s: content type %q is not documented", name, got)
		}
		if got != "application/json" {
			if len(raw) == 0 {
				t.Errorf("%s: empty %s", name, got)
			}
			continue
		}
		var obj map[string]any
		if err := json.Unmarshal(raw, &obj); err != nil {
			t.Fatalf("%s: not a JSON object: %v", name, err)
		}
		if err := schemas.validate(run.key, run.r.Status, run.op.Responses[strconv.Itoa(run.r.Status)].Ref, raw); err != nil {
			t.Errorf("%s: the answer does not match its schema: %v\n%.400s", name, err, raw)
		}
		for _, p := range d.required(t, media.Schema) {
			if _, ok := obj[p]; !ok {
				t.Errorf("%s: required property %q missing from %.200s", name, p, raw)
			}
		}
		for v, at := range run.r.Save {
			val := dig(obj, at)
			if val == nil {
				t.Fatalf("%s: nothing at %s to save as %s", name, at, v)
			}
			saved[v] = expand(val)
		}
	}
	t.Logf("%d replays", len(runs))
}

// replayBody builds a request body from the request example named; a
// multipart upload attaches the test's plan workbook under each file name.
func replayBody(t *testing.T, name string, rb *oaBody, example string) (io.Reader, string) {
	t.Helper()
	if rb == nil {
		return nil, ""
	}
	for ctype, c := range rb.Content {
		ex, ok := c.Examples[example]
		if !ok {
			t.Fatalf("%s: no request example %q for %s", name, example, ctype)
		}
		switch ctype {
		case "application/json":
			return bytes.NewReader(ex.Value), ctype
		case "multipart/form-data":
			var fields map[string]any
			if err := json.Unmarshal(ex.Value, &fields); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			w := multipart.NewWriter(&buf)
			for k, v := range fields {
				if k == "file" {
					for _, fn := range v.([]any) {
						fw, _ := w.CreateFormFile("file", fn.(string))
						fw.Write(planBook(t, 600000))
					}
					continue
				}
				w.WriteField(k, fmt.Sprint(v))
			}
			w.Close()
			return &buf, w.FormDataContentType()
		}
	}
	t.Fatalf("%s: no request body the replay knows", name)
	return nil, ""
}

// dig follows a dotted path ("files.0.batch_id") into decoded JSON.
func dig(v any, path string) any {
	for _, part := range strings.Split(path, ".") {
		switch cur := v.(type) {
		case map[string]any:
			v = cur[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(cur) {
				return nil
			}
			v = cur[i]
		default:
			return nil
		}
	}
	return v
}
