// Package static holds the CSS, scripts and images, embedded in the binary.
package static

import "embed"

// FS holds the static files; vendor/ has third-party files with their licences.
//
//go:embed *.css *.js *.svg vendor
var FS embed.FS
