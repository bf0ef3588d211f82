package chaturl

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		url  string
		want string // in the error; "" for none
	}{
		{"slack://hook:T00000000-B00000000-XXXXXXXXXXXXXXXXXXXXXXXX@webhook", ""},
		{"generic+https://hooks.acme.example/status?template=json", ""},
		{"matrix://bot:password@matrix.acme.example/?rooms=!roomid", ""}, // read, not logged in
		{"slak://x@channel", `unknown service "slak"`},
		{"teams://group@tenant/altId/groupOwner?host=acme.webhook.office.com", "extraId"},
		{"smtp://smtp.acme.example:587/", "fromAddress"},
		{"pushbullet://short", "size"},
		{"slack+https://hooks.slack.example/x", "custom URL"},
		{"no scheme", "not a URL"},
	}
	for _, tt := range tests {
		err := Check(tt.url)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("Check(%q) = %v, want %q", tt.url, err, tt.want)
		}
	}
	if err := Check("telegram://tok-9f8e7d6c5b@telegram?chats=@acme"); err == nil || strings.Contains(err.Error(), "9f8e7d6c5b") {
		t.Errorf("Check(a bad telegram token) = %v, want an error without the token", err)
	}
	if err := Check("nosuch://x"); !errors.Is(err, ErrUnknownService) {
		t.Errorf("Check(nosuch) = %v, want ErrUnknownService", err)
	}
}

// Every channel URL the documentation shows is one the library takes:
// the README's table of channel kinds, docs/, and the config candor init
// writes. One whose secret part is ${NAME} has its scheme checked.
func TestDocumentedURLs(t *testing.T) {
	root := filepath.Join("..", "..")
	files, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	files = append(files, filepath.Join(root, "README.md"), filepath.Join(root, "cmd", "candor", "initfiles", "candor.yml"))
	re := regexp.MustCompile("[a-z][a-z0-9]*(\\+https?)?://[^\\s\"`|)]+")
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range re.FindAllString(string(b), -1) {
			if s := Scheme(u); s == "http" || s == "https" || s == "file" || s == "ftp" {
				continue
			}
			n++
			if strings.Contains(u, "${") {
				if !slices.Contains(Services(), Scheme(u)) {
					t.Errorf("%s: %s: unknown service", f, u)
				}
				continue
			}
			if err := Check(u); err != nil {
				t.Errorf("%s: %s: %v", f, u, err)
			}
		}
	}
	if n < 20 {
		t.Errorf("found %d channel URLs in the documentation, want the README's table at least", n)
	}
}
