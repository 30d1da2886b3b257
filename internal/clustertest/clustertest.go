// Package clustertest runs the real thing for tests: `portfolio serve`
// processes sharing one database behind Debian's nginx, round-robin with
// no sticky sessions, as README's PostgreSQL section says to deploy them.
// nginx missing skips the test with a message, unless
// PORTFOLIO_REQUIRE_NGINX=1 (CI sets it), where it fails.
package clustertest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Cluster is n app servers and the balancer in front of them.
type Cluster struct {
	t   testing.TB
	bin string
	dsn string
	// URL is the balancer's: what the tests drive.
	URL     string
	Servers []*Server
}

// Server is one `portfolio serve` process with its own temp directory.
type Server struct {
	URL  string // straight to this server, past the balancer
	addr string
	dir  string // its TMPDIR and --staging-dir's parent
	log  *SyncBuffer
	cmd  *exec.Cmd
	done chan struct{}
}

// SyncBuffer is a log that a process (or a handler's logger) writes and
// the test reads, safely at the same time.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String is everything written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Log is everything the server has logged, across its restarts.
func (s *Server) Log() string { return s.log.String() }

// Nginx is the nginx binary, or skips (fails under PORTFOLIO_REQUIRE_NGINX=1).
func Nginx(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("PORTFOLIO_REQUIRE_NGINX") == "1" {
		t.Fatal("PORTFOLIO_REQUIRE_NGINX=1 but nginx is not installed (apt-get install nginx-light)")
	}
	t.Skip("nginx not installed: apt-get install nginx-light to run the test of several servers behind a balancer")
	return ""
}

// Start builds the program, starts n servers on dsn (migrated already:
// they would race to migrate it) and nginx in front of them, and stops
// everything when the test ends. extra are more serve flags for each.
func Start(t testing.TB, dsn string, n int, extra ...string) *Cluster {
	t.Helper()
	nginx := Nginx(t)
	dir := t.TempDir()
	c := &Cluster{t: t, bin: filepath.Join(dir, "portfolio"), dsn: dsn}
	build := exec.Command("go", "build", "-o", c.bin, "portfolio") // #nosec G204 -- this module's program into the test's temp dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for i := range n {
		s := &Server{addr: freeAddr(t), dir: filepath.Join(dir, fmt.Sprintf("server%d", i)), log: &SyncBuffer{}}
		s.URL = "http://" + s.addr
		if err := os.MkdirAll(s.dir, 0o700); err != nil {
			t.Fatal(err)
		}
		c.Servers = append(c.Servers, s)
		c.start(s, extra)
		t.Cleanup(func() { c.stop(s) })
	}
	t.Cleanup(func() { // registered after the stops: runs before them
		if t.Failed() {
			for i, s := range c.Servers {
				t.Logf("server %d's log:\n%s", i, s.Log())
			}
		}
	})
	c.URL = "http://" + startNginx(t, nginx, filepath.Join(dir, "nginx"), c.Servers)
	waitReady(t, c.URL)
	return c
}

// freeAddr is a loopback address with a port nobody listens on.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs the server and waits until it answers.
func (c *Cluster) start(s *Server, extra []string) {
	c.t.Helper()
	args := append([]string{"serve", "--db", c.dsn, "--addr", s.addr, "--staging-dir", filepath.Join(s.dir, "uploads"),
		"--trusted-proxies", "127.0.0.1"}, extra...)
	cmd := exec.Command(c.bin, args...) // #nosec G204 -- the binary the test just built
	cmd.Env = append(os.Environ(), "TMPDIR="+s.dir)
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	s.cmd, s.done = cmd, make(chan struct{})
	go func() { _ = cmd.Wait(); close(s.done) }()
	waitReady(c.t, s.URL)
}

// stop ends a server as an operator would (SIGTERM: it finishes the
// requests in flight) and waits for it.
func (c *Cluster) stop(s *Server) {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(40 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
}

// Restart stops the i-th server and starts it again on the same address
// and directory.
func (c *Cluster) Restart(i int, extra ...string) {
	c.t.Helper()
	s := c.Servers[i]
	c.stop(s)
	c.start(s, extra)
}

// Balanced waits until the balancer sends requests to every server again
// (after a restart nginx rests a server it found down for fail_timeout):
// it asks for /healthz through the balancer until each server has logged
// one of those requests.
func (c *Cluster) Balanced() {
	c.t.Helper()
	const line = "path=/healthz"
	before := make([]int, len(c.Servers))
	for i, s := range c.Servers {
		before[i] = strings.Count(s.Log(), line)
	}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		waitReady(c.t, c.URL)
		all := true
		for i, s := range c.Servers {
			all = all && strings.Count(s.Log(), line) > before[i]
		}
		if all {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	c.t.Fatal("the balancer does not reach every server")
}

// waitReady waits until url's /healthz answers 200.
func waitReady(t testing.TB, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(url + "/healthz") // #nosec G107 -- a loopback URL the test made
		if err == nil {
			_ = res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not become ready: %v", url, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// startNginx writes a configuration balancing over the servers (round
// robin, no stickiness: any request may reach any server) and runs nginx
// in the foreground as a child, stopped when the test ends.
func startNginx(t testing.TB, bin, dir string, servers []*Server) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o755); err != nil { // #nosec G301 -- nginx's workers write here
		t.Fatal(err)
	}
	addr := freeAddr(t)
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(nginxConf(dir, addr, servers)), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "logs", "error.log"), "-g", "daemon off;") // #nosec G204 -- nginx with the test's own configuration
	var out SyncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGQUIT) // graceful
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if conn, err := net.Dial("tcp", addr); err == nil {
			_ = conn.Close()
			return addr
		}
		select {
		case <-done:
			errLog, _ := os.ReadFile(filepath.Join(dir, "logs", "error.log")) // #nosec G304 -- the test's own file
			t.Fatalf("nginx exited: %s\n%s", out.String(), errLog)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatal("nginx did not listen")
	return ""
}

// nginxConf is the balancer's configuration: what README tells an
// operator (round robin, no sticky sessions, the client's address
// forwarded, uploads as large as the servers take), plus a prefix of its
// own for every file nginx writes. max_fails=0: a server found down is
// not rested, so the one restarted takes requests again the moment it
// is back (a request it refused goes to the other server meanwhile).
func nginxConf(dir, addr string, servers []*Server) string {
	var up strings.Builder
	for _, s := range servers {
		fmt.Fprintf(&up, "    server %s max_fails=0;\n", s.addr)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n" // its workers use the test's temp directories
	}
	return fmt.Sprintf(`%sworker_processes 1;
pid %[2]s/nginx.pid;
events { worker_connections 1024; }
http {
  access_log %[2]s/logs/access.log;
  client_body_temp_path %[2]s/body;
  proxy_temp_path %[2]s/proxy;
  fastcgi_temp_path %[2]s/fastcgi;
  uwsgi_temp_path %[2]s/uwsgi;
  scgi_temp_path %[2]s/scgi;
  client_max_body_size 64m;
  upstream portfolio {
%[3]s  }
  server {
    listen %[4]s;
    location / {
      proxy_pass http://portfolio;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 300s;
    }
  }
}
`, user, dir, up.String(), addr)
}
