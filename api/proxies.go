package api

import (
	"fmt"
	"net"
	"strings"

	"github.com/gin-gonic/gin"
)

// parseProxies reads the trusted proxies: IPs (a single address) or CIDRs.
func parseProxies(list []string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, p := range list {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			ip := net.ParseIP(p)
			if ip == nil {
				return nil, fmt.Errorf("api: trusted proxy %q is not an IP address or CIDR", p)
			}
			bits := 32
			if ip.To4() == nil {
				bits = 128
			}
			p = fmt.Sprintf("%s/%d", ip, bits)
		}
		_, n, err := net.ParseCIDR(p)
		if err != nil {
			return nil, fmt.Errorf("api: trusted proxy %q: %w", p, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// fromProxy tells whether the request came straight from a trusted proxy.
func (s *server) fromProxy(c *gin.Context) bool {
	ip := net.ParseIP(c.RemoteIP())
	for _, n := range s.proxies {
		if ip != nil && n.Contains(ip) {
			return true
		}
	}
	return false
}

// secure tells whether the browser reached us over TLS: directly, or
// through a trusted proxy that says so in X-Forwarded-Proto.
func (s *server) secure(c *gin.Context) bool {
	if c.Request.TLS != nil {
		return true
	}
	return s.fromProxy(c) && strings.EqualFold(c.GetHeader("X-Forwarded-Proto"), "https")
}
