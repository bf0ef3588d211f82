package probe_test

import (
	"bufio"
	"net"
	"strings"
	"testing"

	"github.com/candor-status/candor"
)

// lineServer greets with "220 ready", answers "PING" with "+PONG" and
// anything else with "-ERR" before closing.
func lineServer(c net.Conn, done <-chan struct{}) {
	defer c.Close()
	c.Write([]byte("220 ready\r\n"))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return
	}
	if strings.TrimSpace(line) == "PING" {
		c.Write([]byte("+PONG\r\n"))
	} else {
		c.Write([]byte("-ERR\r\n"))
	}
}

func TestTCP(t *testing.T) {
	s := serve(t, lineServer)
	c := newChecker(nil, nil)
	tests := []struct {
		name    string
		p       candor.TCPProbe
		outcome candor.Outcome
		class   candor.Class
		msg     string
	}{
		{"connect", candor.TCPProbe{Address: s.addr}, candor.Up, "", "connected"},
		{"banner", candor.TCPProbe{Address: s.addr, Expect: "220"}, candor.Up, "", `banner contains "220"`},
		{"send and expect", candor.TCPProbe{Address: s.addr, Send: "PING", Expect: "+PONG"}, candor.Up, "", `banner contains "+PONG"`},
		{"wrong answer", candor.TCPProbe{Address: s.addr, Send: "HELLO", Expect: "+PONG"}, candor.Down, "banner",
			`connection closed before "+PONG" arrived; got "220 ready\r\n-ERR\r\n"`},
		{"refused", candor.TCPProbe{Address: closedPort(t)}, candor.Down, "refused", "connection refused by 127.0.0.1:"},
		{"bad address", candor.TCPProbe{Address: "db.example"}, candor.Unknown, "config", "want host:port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			r, _ := check(t, c, &candor.Probe{TCP: &p}, fast)
			customerWords(t, r)
			if r.Outcome != tt.outcome || r.Class != tt.class || !strings.Contains(r.Message, tt.msg) {
				t.Errorf("Check = %s %q %q, want %s %q containing %q", r.Outcome, r.Class, r.Message, tt.outcome, tt.class, tt.msg)
			}
			if r.Outcome == candor.Up && (r.Phases.Connect <= 0 || r.Latency != r.Phases.Total) {
				t.Errorf("phases %+v, latency %s: want a connect time and latency = total", r.Phases, r.Latency)
			}
		})
	}
}
