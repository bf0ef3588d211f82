package generator

import (
	"syscall"
	"testing"
	"time"
)

// BenchmarkBuild builds the whole site of 100 components with 90 days of
// figures and 24 hours of 5-minute checks each, and 5,000 incidents. Besides
// wall time it reports the CPU time one build takes (cpu-ms/op), which a
// busy machine does not inflate.
func BenchmarkBuild(b *testing.B) {
	in := generatedInput(100, 5000)
	benchCPU(b, func() error { _, err := Build(in); return err })
}

// BenchmarkPages builds only the HTML pages of the same site.
func BenchmarkPages(b *testing.B) {
	in := generatedInput(100, 5000)
	benchCPU(b, func() error { return buildPages(newSite(in), &sink{emit: Files{}.collect()}) })
}

func benchCPU(b *testing.B, build func() error) {
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if err := build(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-start)/time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
