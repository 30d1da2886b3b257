package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// receiver is a local webhook that fails its first failures requests
// with 500 and then answers like a robot; it keeps what it received.
type receiver struct {
	mu       sync.Mutex
	failures int
	times    []time.Time
	bodies   [][]byte
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.times = append(rc.times, time.Now())
	rc.bodies = append(rc.bodies, b)
	if len(rc.times) <= rc.failures {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	_, _ = w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
}

// start runs a notifier to one target until the test ends and returns
// the channel its results arrive on.
func start(t *testing.T, target Target, o Options) (*Notifier, chan Result) {
	results := make(chan Result, 10)
	o.Targets = func(context.Context) ([]Target, error) { return []Target{target}, nil }
	o.Record = func(_ context.Context, r Result) { results <- r }
	n := New(o)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { n.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return n, results
}

func TestFailsTwiceThenDelivers(t *testing.T) {
	rc := &receiver{failures: 2}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	const backoff = 40 * time.Millisecond
	n, results := start(t, Target{URL: srv.URL + "/send?key=secret", Format: "wecom"}, Options{Backoff: backoff, Attempts: 5})
	e := Event{Kind: "report_returned", Title: "月报被退回", Text: "项目甲 2024年10月", Link: "http://x/projects/1"}
	if !n.Notify(e) {
		t.Fatal("queue refused the first event")
	}
	var r Result
	select {
	case r = <-results:
	case <-time.After(5 * time.Second):
		t.Fatal("no result")
	}
	if r.Err != nil || r.Attempts != 3 || r.Status != 200 {
		t.Fatalf("result = %+v, want delivered on the third attempt", r)
	}
	if got := r.Target.Redacted(); got != srv.URL+"/send" {
		t.Errorf("redacted target %q keeps its key", got)
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.times) != 3 {
		t.Fatalf("receiver saw %d requests, want 3", len(rc.times))
	}
	// Exponential back-off: the second wait at least twice the first.
	if d1, d2 := rc.times[1].Sub(rc.times[0]), rc.times[2].Sub(rc.times[1]); d1 < backoff || d2 < 2*backoff {
		t.Errorf("waits %v, %v; want ≥ %v then ≥ %v", d1, d2, backoff, 2*backoff)
	}
	var body struct {
		MsgType string `json:"msgtype"`
		Text    struct {
			Content string `json:"content"`
		} `json:"text"`
	}
	if err := json.Unmarshal(rc.bodies[2], &body); err != nil || body.MsgType != "text" || body.Text.Content != "月报被退回\n项目甲 2024年10月\nhttp://x/projects/1" {
		t.Errorf("robot body %s (%v)", rc.bodies[2], err)
	}
}

func TestGivesUpAfterAttempts(t *testing.T) {
	rc := &receiver{failures: 100}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	n, results := start(t, Target{URL: srv.URL, Format: "json"}, Options{Backoff: time.Millisecond, Attempts: 3})
	n.Notify(Event{Kind: "deadline_missed", Title: "t"})
	r := <-results
	if r.Err == nil || r.Attempts != 3 || r.Status != 500 {
		t.Fatalf("result = %+v, want a final failure after 3 attempts", r)
	}
	var e Event
	if err := json.Unmarshal(rc.bodies[0], &e); err != nil || e.Kind != "deadline_missed" || e.At.IsZero() {
		t.Errorf("plain JSON body %s (%v)", rc.bodies[0], err)
	}
}

func TestRobotErrcodeIsFailure(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"errcode":310000,"errmsg":"keywords not in content"}`))
	}))
	defer srv.Close()
	n, results := start(t, Target{URL: srv.URL, Format: "dingtalk"}, Options{Backoff: time.Millisecond, Attempts: 2})
	n.Notify(Event{Title: "t"})
	if r := <-results; r.Err == nil || r.Attempts != 2 {
		t.Fatalf("result = %+v, want a failure: the robot refused it", r)
	}
}

func TestNotifyNeverBlocks(t *testing.T) {
	var dropped int
	var mu sync.Mutex
	n := New(Options{Queue: 2, Record: func(_ context.Context, r Result) {
		mu.Lock()
		defer mu.Unlock()
		if r.Dropped {
			dropped++
		}
	}})
	// Not running: the queue fills, the third is dropped at once.
	start := time.Now()
	got := []bool{n.Notify(Event{}), n.Notify(Event{}), n.Notify(Event{})}
	if got[0] != true || got[1] != true || got[2] != false || dropped != 1 {
		t.Errorf("queued %v, dropped %d; want true true false, 1", got, dropped)
	}
	if time.Since(start) > time.Second {
		t.Error("Notify waited")
	}
}

func TestBodyFormats(t *testing.T) {
	if _, err := Body("smoke-signal", Event{}); err == nil {
		t.Error("an unknown format is refused")
	}
}
