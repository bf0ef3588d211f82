package candor

// Class says why a check did not pass: the kind of failure, for people
// and programs that sort failures (the message says it in words). It is
// empty when the check passed.
type Class string

// The classes a result may carry.
const (
	ClassTimeout      Class = "timeout"       // the deadline passed; the message says during what
	ClassRefused      Class = "refused"       // connection refused: nothing listens
	ClassReset        Class = "reset"         // the peer reset the connection
	ClassClosed       Class = "closed"        // the peer closed the connection before answering
	ClassUnreachable  Class = "unreachable"   // no route to the network or host
	ClassDNS          Class = "dns"           // name resolution failed otherwise
	ClassNXDomain     Class = "nxdomain"      // the name does not exist
	ClassServFail     Class = "servfail"      // the resolver answered SERVFAIL
	ClassTLS          Class = "tls"           // handshake failed, unknown authority, wrong host
	ClassCertExpired  Class = "cert_expired"  // a certificate of the chain has expired
	ClassCertExpiring Class = "cert_expiring" // fewer days left than min_days_left: degraded
	ClassStatus       Class = "status"        // the HTTP status is not an accepted one
	ClassBody         Class = "body"          // body_contains or body_regex not satisfied
	ClassJSON         Class = "json"          // the body is not JSON or the field differs
	ClassSlow         Class = "slow"          // slower than max_latency: degraded
	ClassRedirects    Class = "redirects"     // more redirects than allowed, or one refused: a secret stays on its origin
	ClassBanner       Class = "banner"        // the TCP banner did not contain the expected text
	ClassAnswer       Class = "answer"        // no DNS answer of the type, or none containing expect
	ClassConfig       Class = "config"        // the probe cannot run as configured: unknown
	ClassCanceled     Class = "canceled"      // the round was canceled: unknown
	ClassError        Class = "error"         // anything else
	// ClassBlind marks every result of a round whose control checks all
	// failed: the monitor could not see, so the outcome is unknown.
	ClassBlind Class = "blind"
)

// Degraded reports whether the class is of a check that answered but fell
// short: degraded, not down.
func (c Class) Degraded() bool { return c == ClassSlow || c == ClassCertExpiring }
