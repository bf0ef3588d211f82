//go:build !linux

package main

import "os"

// siteDir is nothing where there is no openat2(2): files are opened
// through os.Root.
type siteDir struct{}

func openSiteDir(*os.Root) siteDir { return siteDir{} }

func (siteDir) open(string, int) (*os.File, bool, error) { return nil, false, nil }

func (siteDir) close() {}
