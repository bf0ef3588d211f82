package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
)

// The headers a webhook request carries besides Content-Type.
const (
	// SignatureHeader holds "sha256=" and the hex HMAC-SHA256 of the body
	// keyed with the webhook's secret, when it has one.
	SignatureHeader = "X-Candor-Signature-256"
	// EventHeader names the change: incident.opened, component.status ...
	EventHeader = "X-Candor-Event"
	// DeliveryHeader is the change's id: the same change always carries
	// the same id, so a receiver can drop a repeat.
	DeliveryHeader = "X-Candor-Delivery"
)

// webhook posts Statuspage webhook bodies to one endpoint.
type webhook struct {
	url, secret, userAgent string
	client                 *http.Client
}

// Send posts m's Statuspage body. Like Statuspage, it takes a 2xx answer
// for delivered and anything else, redirects included, for a failure.
func (w *webhook) Send(ctx context.Context, m Message) error {
	if m.Statuspage == nil {
		return fmt.Errorf("no Statuspage body: %v", m.statuspageErr)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(m.Statuspage))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", w.userAgent)
	req.Header.Set(EventHeader, string(m.Change.Kind))
	req.Header.Set(DeliveryHeader, m.Change.ID())
	if w.secret != "" {
		req.Header.Set(SignatureHeader, Sign(w.secret, m.Statuspage))
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}

// Sign is the signature header's value for body: "sha256=" and the hex
// HMAC-SHA256 of the body keyed with secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}
