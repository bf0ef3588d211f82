// Package chaturl checks channel URLs the way the shoutrrr library reads
// them when it sends, without sending: one owner for what a
// notify.channels URL may be, for candor check and for candor run.
package chaturl

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/candor-status/candor/probe"
	"github.com/nicholas-fedor/shoutrrr/pkg/format"
	"github.com/nicholas-fedor/shoutrrr/pkg/router"
	"github.com/nicholas-fedor/shoutrrr/pkg/types"
)

// ErrUnknownService is the error of a URL whose scheme names no service
// of the library.
var ErrUnknownService = errors.New("unknown service")

// Services lists the schemes the library knows, sorted.
func Services() []string {
	s := (&router.ServiceRouter{}).ListServices()
	slices.Sort(s)
	return s
}

// Scheme is the service a URL names ("generic" of "generic+https://..."),
// lower case, or "" when raw has none.
func Scheme(raw string) string {
	scheme, _, ok := strings.Cut(raw, "://")
	if !ok {
		return ""
	}
	base, _, _ := strings.Cut(strings.ToLower(scheme), "+")
	return base
}

// Check parses raw as the library does before it sends (its router's
// Locate): the service's own reading of its URL, custom forms such as
// generic+https:// included. It makes no network call: a service that
// logs in when it starts (Matrix) has its URL read but does not log in.
// The error is the library's, after the service's name, redacted of every
// part of the URL that may carry a token (some of the library's errors
// quote them); ErrUnknownService when no service has the scheme.
func Check(raw string) error {
	err := check(raw)
	if err == nil || errors.Is(err, ErrUnknownService) {
		return err
	}
	return errors.New(probe.Redact(err.Error(), probe.URLSecrets(raw)))
}

func check(raw string) (err error) {
	u, perr := url.Parse(raw)
	if perr != nil || u.Scheme == "" {
		return fmt.Errorf("not a URL")
	}
	scheme := Scheme(raw)
	svc, serr := (&router.ServiceRouter{}).NewService(scheme)
	if serr != nil {
		return fmt.Errorf("%w %q", ErrUnknownService, u.Scheme)
	}
	if u.Scheme != scheme {
		custom, ok := svc.(types.CustomURLService)
		if !ok {
			return fmt.Errorf("%s does not take a custom URL (%s://)", scheme, u.Scheme)
		}
		if u, err = custom.GetConfigURLFromCustom(u); err != nil {
			return fmt.Errorf("%s: %w", scheme, err)
		}
	}
	defer func() {
		if recover() != nil {
			err = fmt.Errorf("%s: the library cannot read this URL", scheme)
		}
	}()
	if logsIn(scheme) {
		err = format.GetServiceConfig(svc).SetURL(u)
	} else {
		err = svc.Initialize(u, nil)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", scheme, err)
	}
	return nil
}

// logsIn reports whether the service's Initialize calls its server.
func logsIn(scheme string) bool { return scheme == "matrix" }
