// Package notify posts the tracker's notifications (a report returned, a
// month's deadline passed with reports missing, a problem escalated) to
// webhooks: the text robots of 企业微信 and 钉钉, or plain JSON. A bounded
// queue and a background worker: Notify never blocks its caller; a failed
// delivery is tried again after an exponential back-off, up to a maximum
// of attempts, and each delivery's outcome (delivered or finally failed)
// goes to the Record callback, which the server writes to the audit. It
// imports nothing of the project's own.
package notify

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Event is one thing to tell: its kind (report_returned, deadline_missed,
// …), a title, a text and a link into the app.
type Event struct {
	Kind  string    `json:"event"`
	Title string    `json:"title"`
	Text  string    `json:"text"`
	Link  string    `json:"link"`
	At    time.Time `json:"at"`
}

// Target is a webhook and the format its body takes (wecom, dingtalk,
// json).
type Target struct {
	URL    string
	Format string
}

// Redacted is the target's address without its query (robot webhooks
// carry their secret key there), for the audit and the logs.
func (t Target) Redacted() string {
	u, err := url.Parse(t.URL)
	if err != nil {
		return "(invalid)"
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	return u.String()
}

// Result is the outcome of one delivery of an event to a target: Err is
// nil when it was delivered; Dropped when the queue was full.
type Result struct {
	Event    Event
	Target   Target
	Attempts int
	Status   int // the last HTTP status, 0 for none
	Err      error
	Dropped  bool
}

// Options configure a Notifier; zero fields take the defaults.
type Options struct {
	// Targets gives the webhooks an event goes to, read at delivery.
	Targets func(ctx context.Context) ([]Target, error)
	// Record is told every delivery's outcome.
	Record func(ctx context.Context, r Result)
	// Client posts the messages; default: a 10-second timeout.
	Client *http.Client
	// Queue bounds the events waiting (default 100); beyond it an event
	// is dropped (and recorded as such).
	Queue int
	// Attempts per delivery (default 5), the first Backoff after the first
	// failure (default 2s), doubling up to MaxBackoff (default 5m).
	Attempts            int
	Backoff, MaxBackoff time.Duration
	// Parallel deliveries at most (default 4).
	Parallel int
}

// Notifier queues events and delivers them in the background (Run).
type Notifier struct {
	opt  Options
	jobs chan Event
	wg   sync.WaitGroup
}

// New makes a Notifier; start it with Run.
func New(o Options) *Notifier {
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if o.Queue <= 0 {
		o.Queue = 100
	}
	if o.Attempts <= 0 {
		o.Attempts = 5
	}
	if o.Backoff <= 0 {
		o.Backoff = 2 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Minute
	}
	if o.Parallel <= 0 {
		o.Parallel = 4
	}
	if o.Record == nil {
		o.Record = func(context.Context, Result) {}
	}
	return &Notifier{opt: o, jobs: make(chan Event, o.Queue)}
}

// Notify queues an event without waiting; it tells whether the event was
// queued (false: the queue is full, the event is dropped and recorded).
func (n *Notifier) Notify(e Event) bool {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	select {
	case n.jobs <- e:
		return true
	default:
		n.opt.Record(context.Background(), Result{Event: e, Dropped: true, Err: errQueueFull})
		return false
	}
}

// Run delivers the queued events until ctx ends, then waits for the
// deliveries under way (their back-off ends with ctx) and returns.
func (n *Notifier) Run(ctx context.Context) {
	slots := make(chan struct{}, n.opt.Parallel)
	defer n.wg.Wait()
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-n.jobs:
			targets, err := n.opt.Targets(ctx)
			if err != nil && ctx.Err() != nil {
				return // stopping: the event goes with the process, like any still queued
			}
			if err != nil {
				n.opt.Record(ctx, Result{Event: e, Err: err})
				continue
			}
			for _, t := range targets {
				select {
				case slots <- struct{}{}:
				case <-ctx.Done():
					return
				}
				n.wg.Add(1)
				go func() {
					defer func() { <-slots; n.wg.Done() }()
					n.opt.Record(context.WithoutCancel(ctx), n.deliver(ctx, e, t))
				}()
			}
		}
	}
}
