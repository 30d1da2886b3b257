// Command portfolio tracks a province's portfolio of major investment
// projects: it imports the project lists and monthly progress sheets,
// rolls them up against the year's target and serves the web app. The
// commands live in internal/cli.
package main

import (
	"os"

	"portfolio/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args, os.Stdout, os.Stderr))
}
