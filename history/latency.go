package history

import (
	"math"
	"sort"
)

// bounds are the latency histogram's bucket upper bounds in milliseconds,
// about 25% apart: a percentile read from it is off by less than that.
var bounds = func() []int32 {
	steps := []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8}
	var b []int32
	for dec := 1.0; dec <= 100000; dec *= 10 {
		for _, s := range steps {
			v := int32(s * dec)
			if len(b) == 0 || v > b[len(b)-1] {
				b = append(b, v)
			}
		}
	}
	return append(b, math.MaxInt32)
}()

// bucket returns the index of the bucket that holds ms.
func bucket(ms int32) int {
	if ms >= 0 && int(ms) < len(smallBuckets) {
		return int(smallBuckets[ms])
	}
	return searchBucket(ms)
}

func searchBucket(ms int32) int {
	return sort.Search(len(bounds), func(i int) bool { return bounds[i] >= ms })
}

// smallBuckets maps latencies up to 2 s straight to their bucket: most
// checks are that fast, and figures bucket every raw latency.
var smallBuckets = func() []uint8 {
	t := make([]uint8, 2001)
	for ms := range t {
		t[ms] = uint8(searchBucket(int32(ms)))
	}
	return t
}()

// hist counts checks by latency bucket, indexed like bounds.
type hist []int

func newHist() hist { return make(hist, len(bounds)) }

func (h hist) addMS(ms int32) { h[bucket(ms)]++ }

// merge adds a daily row's buckets; a bound not on the scale counts in
// the bucket that holds it.
func (h hist) merge(o []bin) {
	for _, x := range o {
		h[bucket(x.bound)] += int(x.n)
	}
}

// bin is one non-empty histogram bucket, as a daily row keeps it.
type bin struct {
	bound int32
	n     int32
}

// bins returns the non-empty buckets in ascending order.
func (h hist) bins() []bin {
	var out []bin
	for i, n := range h {
		if n > 0 {
			out = append(out, bin{bounds[i], int32(n)})
		}
	}
	return out
}

// percentile is the nearest-rank p-th percentile (0 < p <= 1) of a sorted
// sample, or 0 when empty.
func percentile(sorted []int32, p float64) int32 {
	if len(sorted) == 0 {
		return 0
	}
	k := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(k, len(sorted)-1))]
}

// percentile of a histogram is the upper bound of the bucket holding the
// nearest-rank p-th percentile, never above the largest latency seen.
func (h hist) percentile(p float64, largest int32) int32 {
	total := h.total()
	if total == 0 {
		return 0
	}
	k := max(1, int(math.Ceil(p*float64(total))))
	seen := 0
	for i, n := range h {
		seen += n
		if seen >= k {
			return min(bounds[i], largest)
		}
	}
	return largest
}

func (h hist) total() int {
	n := 0
	for _, c := range h {
		n += c
	}
	return n
}
