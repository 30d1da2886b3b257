package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

var errQueueFull = errors.New("notify: queue full, event dropped")

// deliver posts e to t, trying again after a doubling back-off until it
// is delivered, the attempts run out or ctx ends.
func (n *Notifier) deliver(ctx context.Context, e Event, t Target) Result {
	res := Result{Event: e, Target: t}
	body, err := Body(t.Format, e)
	if err != nil {
		res.Err = err
		return res
	}
	wait := n.opt.Backoff
	for res.Attempts < n.opt.Attempts {
		if res.Attempts > 0 {
			select {
			case <-ctx.Done():
				res.Err = fmt.Errorf("%w (stopped after %d attempts: %v)", res.Err, res.Attempts, ctx.Err())
				return res
			case <-time.After(wait):
			}
			wait = min(2*wait, n.opt.MaxBackoff)
		}
		res.Attempts++
		res.Status, res.Err = n.post(ctx, t.URL, body)
		if res.Err == nil {
			return res
		}
	}
	return res
}

// post sends one request; a robot's answer with a non-zero errcode is a
// failure too (both robots answer 200 with {"errcode":…,"errmsg":…}).
func (n *Notifier) post(ctx context.Context, url string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := n.opt.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("notify: HTTP %d", resp.StatusCode)
	}
	var robot struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if json.Unmarshal(b, &robot) == nil && robot.ErrCode != nil && *robot.ErrCode != 0 {
		return resp.StatusCode, fmt.Errorf("notify: errcode %d: %s", *robot.ErrCode, robot.ErrMsg)
	}
	return resp.StatusCode, nil
}

// Body is the request body of e in a format: the robots' text message
// (企业微信 and 钉钉 read the same {"msgtype":"text","text":{"content":…}})
// or plain JSON {event, title, text, link, at}.
func Body(format string, e Event) ([]byte, error) {
	switch format {
	case "wecom", "dingtalk":
		content := e.Title + "\n" + e.Text
		if e.Link != "" {
			content += "\n" + e.Link
		}
		type text struct {
			Content string `json:"content"`
		}
		return json.Marshal(struct {
			MsgType string `json:"msgtype"`
			Text    text   `json:"text"`
		}{"text", text{content}})
	case "json":
		return json.Marshal(e)
	}
	return nil, fmt.Errorf("notify: unknown format %q", format)
}
