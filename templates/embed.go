// Package templates holds the HTML templates, embedded in the binary.
package templates

import "embed"

// FS holds every page template.
//
//go:embed *.html
var FS embed.FS
