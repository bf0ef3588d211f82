// Package history keeps a status page's measurements: each component's
// current state, its raw check results for a recent window and one rollup
// row per day kept for good. It turns them into the figures the site and
// the SLA report show, counting time no check stood for as unknown.
//
// Everything lives in plain, line-oriented text files under one folder
// (data/ locally, the data branch in Actions); docs/history.md describes
// them.
package history
