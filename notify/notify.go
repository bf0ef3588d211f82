// Package notify tells people where they already are what changed on the
// page: chat, push and email channels by URL (through the shoutrrr
// library), Statuspage-compatible webhooks, and any other Sender (the
// GitHub issue channel lives with the GitHub glue). It sends what a
// round claimed in the ledger (monitor.Notices) and returns what became
// of each delivery, for monitor.Settle to record; it decides nothing about
// what changed.
package notify

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/probe"
)

// SendTimeout bounds one send. Statuspage gives webhook endpoints 30
// seconds to answer; chat services answer in well under that.
const SendTimeout = 30 * time.Second

// Sender sends one message to one destination.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Message is one change, told to one channel.
type Message struct {
	Change candor.Change
	// Title is one line: what happened to what.
	Title string
	// Text is the rest, in plain text: the words of the update, the
	// evidence, the link.
	Text string
	// URL is the page that tells of the change; empty without an absolute
	// base_url.
	URL         string
	Incident    *candor.Incident    // for incident changes
	Maintenance *candor.Maintenance // for maintenance changes
	// Statuspage is the body a Statuspage webhook subscriber gets; nil
	// when it could not be made.
	Statuspage    []byte
	statuspageErr error
}

// Channel is one configured destination.
type Channel struct {
	// Key is how the ledger names it; it never holds a secret.
	Key string
	// Name is how output names it: notify.channels[0] (slack).
	Name   string
	Filter candor.Filter
	// Sender is nil when the channel cannot be used this round; Broken
	// says why, without a secret.
	Sender Sender
	Broken string
	// Unset is true when it is broken because a ${NAME} it uses is not
	// set (which reading candor.yml reports), not because the library
	// refuses its URL.
	Unset bool
	// Secrets are the values its errors must not show.
	Secrets []string
}

// Attempt is what became of one delivery.
type Attempt struct {
	Delivery history.Delivery
	Channel  string // the channel's Name
	Title    string // the message's title; empty when none was made
	Outcome  history.Outcome
}

// Deliver sends each claimed delivery to its channel, the channels at once
// and each channel's deliveries in ledger order. A change whose subject is
// not on the page, a change after one of the same subject that failed
// (people read them in order), and the rest of a channel that timed out
// are deferred: tried again next round without counting an attempt. Error
// text is redacted of the channel's secrets.
func Deliver(ctx context.Context, channels []Channel, claimed []history.Delivery, pg Page) []Attempt {
	byKey := map[string]int{}
	for i, ch := range channels {
		byKey[ch.Key] = i
	}
	out := make([]Attempt, len(claimed))
	queues := make([][]int, len(channels))
	for i, d := range claimed {
		out[i] = Attempt{Delivery: d, Channel: d.Channel, Outcome: history.Outcome{Key: d.Key(), Result: history.Deferred, Note: "the channel is not configured"}}
		if n, ok := byKey[d.Channel]; ok {
			queues[n] = append(queues[n], i)
		}
	}
	var wg sync.WaitGroup
	for n, q := range queues {
		if len(q) == 0 {
			continue
		}
		wg.Go(func() { deliverTo(ctx, channels[n], q, out, pg) })
	}
	wg.Wait()
	return out
}

// deliverTo sends the deliveries at idx of out to ch, one after another.
func deliverTo(ctx context.Context, ch Channel, idx []int, out []Attempt, pg Page) {
	failed := map[string]bool{}
	var stop string
	for _, i := range idx {
		a := &out[i]
		a.Channel = ch.Name
		c := a.Delivery.Change
		family, _, _ := strings.Cut(string(c.Kind), ".")
		subject := family + "/" + c.Subject
		switch {
		case ch.Sender == nil:
			a.Outcome.Note = ch.Broken
			continue
		case stop != "":
			a.Outcome.Note = stop
			continue
		case failed[subject]:
			a.Outcome.Note = "waits for an earlier change of the same subject"
			continue
		}
		m, ok := pg.Message(c)
		if !ok {
			a.Outcome.Note = "its subject is not on the page as committed"
			failed[subject] = true
			continue
		}
		a.Title = m.Title
		sctx, cancel := context.WithTimeout(ctx, SendTimeout)
		err := ch.Sender.Send(sctx, m)
		cancel()
		if err == nil {
			a.Outcome = history.Outcome{Key: a.Outcome.Key, Result: history.Delivered}
			continue
		}
		failed[subject] = true
		a.Outcome = history.Outcome{Key: a.Outcome.Key, Result: history.Failed, Note: probe.Redact(err.Error(), ch.Secrets)}
		if timedOut(err) {
			stop = "the channel timed out this round"
		}
	}
}

func timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}
