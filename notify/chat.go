package notify

import (
	"context"
	"mime"
	"net/url"
	"slices"
	"strings"

	"github.com/candor-status/candor/notify/chaturl"
	"github.com/nicholas-fedor/shoutrrr/pkg/format"
	"github.com/nicholas-fedor/shoutrrr/pkg/router"
	"github.com/nicholas-fedor/shoutrrr/pkg/types"
)

// chat sends to a service of the shoutrrr library, by its URL.
type chat struct {
	url string
}

// newChat checks that rawURL is a URL of a service the library knows,
// which the service reads as its own (chaturl.Check), so that a URL it
// refuses is reported when the channel is made, not at every send.
func newChat(rawURL string) (*chat, error) {
	if err := chaturl.Check(rawURL); err != nil {
		return nil, err
	}
	return &chat{url: rawURL}, nil
}

// Send locates the service and sends m, with its title where the service
// takes one and the URL does not set it. The library's calls take no
// context: one that outlives ctx is left to finish on its own.
func (c *chat) Send(ctx context.Context, m Message) error {
	done := make(chan error, 1)
	go func() { done <- c.send(m) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *chat) send(m Message) error {
	svc, err := (&router.ServiceRouter{}).Locate(c.url)
	if err != nil {
		return err
	}
	text := m.Text
	params := types.Params{}
	if takesTitle(svc, c.url) {
		params["title"] = headerSafe(svc, m.Title)
	} else {
		text = m.Title + "\n\n" + m.Text
	}
	return svc.Send(text, &params)
}

// takesTitle reports whether the service has a title (or subject) that
// the URL leaves to the sender. A generic webhook without a template posts
// the message alone, as plain text: the title goes into the text then.
func takesTitle(svc types.Service, rawURL string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false // a service without a config the library can read
		}
	}()
	pkr := format.NewPropKeyResolver(format.GetServiceConfig(svc))
	if !slices.Contains(pkr.QueryFields(), "title") {
		return false
	}
	if svc.GetID() == "generic" {
		if t, err := pkr.Get("template"); err != nil || t == "" {
			return false
		}
	}
	u, _ := url.Parse(rawURL)
	for k := range u.Query() {
		if k = strings.ToLower(k); k == "title" || k == "subject" {
			return false
		}
	}
	return true
}

// headerSafe is a title as the service can take it. The library writes an
// email's subject into the header as it is, and a header holds ASCII
// only: candor encodes one that is not (component titles carry "→") as
// RFC 2047 encoded words, which leave an ASCII title as it is.
func headerSafe(svc types.Service, title string) string {
	if svc.GetID() == "smtp" {
		return mime.QEncoding.Encode("utf-8", title)
	}
	return title
}
