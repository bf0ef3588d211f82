package main

import (
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor/internal/browsertest"
)

// TestLook is a development aid: LOOK=url|selector|width|scheme|file,...
func TestLook(t *testing.T) {
	spec := os.Getenv("LOOK")
	if spec == "" {
		t.Skip()
	}
	ctx := browsertest.Start(t)
	srv := httptest.NewServer(siteHandler("/tmp/demo16/public"))
	defer srv.Close()
	for _, one := range strings.Split(spec, ";;") {
		f := strings.SplitN(one, "^", 6)
		w := 1280
		if f[2] == "375" {
			w = 375
		}
		tb := browsertest.NewTab(t, ctx, browsertest.Options{At: demoEnd.Add(2 * time.Minute), Zone: "UTC", Script: true, Width: w, Scheme: f[3]})
		tb.Open(t, srv.URL+f[0])
		if len(f) > 5 {
			browsertest.Eval[bool](t, tb, f[5])
			time.Sleep(500 * time.Millisecond)
		}
		var png []byte
		if f[1] == "" {
			png = tb.Screenshot(t)
		} else {
			png = tb.ElementShot(t, f[1], 2)
		}
		os.WriteFile("/tmp/shots/"+f[4]+".png", png, 0o644)
	}
}
