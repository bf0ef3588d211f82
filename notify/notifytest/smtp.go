package notifytest

import (
	"bufio"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
)

// Mail is one message the SMTP server accepted.
type Mail struct {
	From, To string
	Message  *mail.Message
	Body     string
}

// SMTP is a tiny SMTP server on loopback: EHLO, MAIL, RCPT, DATA, RSET,
// NOOP and QUIT, no TLS and no authentication, enough for a client to
// hand it a message.
type SMTP struct {
	// Addr is host:port.
	Addr  string
	ln    net.Listener
	mu    sync.Mutex
	mails []Mail
	fails int
	wg    sync.WaitGroup
}

// NewSMTP starts the server; t's cleanup stops it.
func NewSMTP(t testing.TB) *SMTP {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &SMTP{Addr: ln.Addr().String(), ln: ln}
	s.wg.Go(s.accept)
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

// URL is the library's URL for sending from from to to through s.
func (s *SMTP) URL(from, to string) string {
	return "smtp://" + s.Addr + "/?from=" + from + "&to=" + to + "&auth=None&encryption=None&usestarttls=no&clienthost=localhost"
}

// FailNext makes the next message be refused at the end of its data with
// a temporary failure.
func (s *SMTP) FailNext() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails++
}

// Mails are the messages accepted, oldest first.
func (s *SMTP) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

func (s *SMTP) accept() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Go(func() { s.session(c) })
	}
}

func (s *SMTP) session(c net.Conn) {
	defer c.Close()
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	say := func(line string) { w.WriteString(line + "\r\n"); w.Flush() }
	say("220 localhost notifytest ESMTP")
	var m Mail
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-localhost")
			say("250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			m = Mail{From: addr(line)}
			say("250 OK")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			m.To = addr(line)
			say("250 OK")
		case cmd == "DATA":
			say("354 end with <CRLF>.<CRLF>")
			data, err := readData(r)
			if err != nil {
				return
			}
			say(s.take(m, data))
		case cmd == "RSET", cmd == "NOOP":
			say("250 OK")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}

// take keeps the message, or refuses it when a failure is queued.
func (s *SMTP) take(m Mail, data string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fails > 0 {
		s.fails--
		return "451 try again later"
	}
	msg, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		return "554 not a message: " + err.Error()
	}
	body, _ := readAll(msg)
	m.Message, m.Body = msg, body
	s.mails = append(s.mails, m)
	return "250 OK queued"
}

func readAll(msg *mail.Message) (string, error) {
	var b strings.Builder
	sc := bufio.NewScanner(msg.Body)
	for sc.Scan() {
		b.WriteString(sc.Text() + "\n")
	}
	return b.String(), sc.Err()
}

// readData reads DATA up to the lone dot, undoing dot-stuffing.
func readData(r *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", err
		}
		if line == ".\r\n" || line == ".\n" {
			return b.String(), nil
		}
		b.WriteString(strings.TrimPrefix(line, "."))
	}
}

func addr(line string) string {
	_, rest, _ := strings.Cut(line, ":")
	rest = strings.TrimSpace(rest)
	if i := strings.IndexByte(rest, ' '); i > 0 {
		rest = rest[:i]
	}
	return strings.Trim(rest, "<>")
}
