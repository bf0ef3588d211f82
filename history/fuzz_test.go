package history

import (
	"bytes"
	"testing"
	"time"
)

// Each decoder must not panic, and what it read must write back to bytes
// that read the same: decode, encode, decode, encode is stable.

func FuzzDecodeRaw(f *testing.F) {
	f.Add([]byte(rawHeader + "2026-11-26T14:05:00Z\tup\t123\t1\t-1\n"))
	f.Add([]byte("2026-11-26T14:05:00Z\tdown\t9000\t2\t12\tstatus\tgot 503\n2026-11-26T14:00:00Z\tup\t1\t1\t-1\t\tnote\n"))
	f.Add([]byte("2026-02-30T14:05:00Z\tup\t1\t1\t-1\r\n\n# comment\n"))
	f.Add([]byte("2026-11-26T14:05:00Z\tup\t12\t1\t-1\t\t200 OK\teu-1=down:10000:timeout:a: b, c\tus-1=up:12\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, _ := decodeRaw("raw/x.tsv", b)
		enc := encodeRaw(rs)
		again, probs := decodeRaw("raw/x.tsv", enc)
		if len(probs) > 0 {
			t.Fatalf("re-reading written results: %v\n%q", probs, enc)
		}
		if enc2 := encodeRaw(again); !bytes.Equal(enc, enc2) {
			t.Fatalf("round trip not stable:\n%q\n%q", enc, enc2)
		}
	})
}

func FuzzDecodeState(f *testing.F) {
	f.Add([]byte(stateHeader + "api\tdown\t2026-11-26T14:05:00Z\t3\t0\t2026-11-26T14:15:00Z\tdown\t10000\t2\t-1\ttimeout\tno answer in 10s\n"))
	f.Add([]byte("db\tup\t2026-11-26T14:05:00Z\t0\t1\t2026-11-26T14:15:00Z\tup\t5\t1\t30\n../x\tup\t2026-11-26T14:05:00Z\t0\t1\t2026-11-26T14:15:00Z\tup\t5\t1\t30\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, _ := decodeState("state.tsv", b)
		enc := encodeState(m)
		again, probs := decodeState("state.tsv", enc)
		if len(probs) > 0 {
			t.Fatalf("re-reading written state: %v\n%q", probs, enc)
		}
		if enc2 := encodeState(again); !bytes.Equal(enc, enc2) {
			t.Fatalf("round trip not stable:\n%q\n%q", enc, enc2)
		}
	})
}

func FuzzDecodeDaily(f *testing.F) {
	f.Add([]byte(dailyHeader + "2026-11-01\t86100\t0\t300\t0\t287\t0\t1\t0\t0\t120\t340\t910\t100:5 150:200 400:82\n"))
	f.Add([]byte("2026-03-08\t82800\t0\t0\t0\t276\t0\t0\t0\t0\t1\t2\t3\t\n2026-03-07\t1\t0\t0\t0\t1\t0\t0\t0\t0\t1\t1\t1\t1:1\n"))
	f.Add([]byte("2026-11-01\t1\t0\t0\t0\t1\t0\t0\t0\t0\t1\t1\t1\t5:1 2:1\n"))
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		days, _ := decodeDaily("daily/x.tsv", b, ny)
		enc := encodeDaily(days)
		again, probs := decodeDaily("daily/x.tsv", enc, ny)
		if len(probs) > 0 {
			t.Fatalf("re-reading written days: %v\n%q", probs, enc)
		}
		if enc2 := encodeDaily(again); !bytes.Equal(enc, enc2) {
			t.Fatalf("round trip not stable:\n%q\n%q", enc, enc2)
		}
	})
}
