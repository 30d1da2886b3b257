// Package static holds the CSS, scripts and images, embedded in the binary.
package static

import "embed"

// FS holds the static files.
//
//go:embed *.css
var FS embed.FS
