package history

import (
	"math"
	"slices"
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

// bucket returns the upper bound of the bucket that holds ms.
func bucket(ms int32) int32 {
	return bounds[sort.Search(len(bounds), func(i int) bool { return bounds[i] >= ms })]
}

// hist counts checks by latency bucket, keyed by the bucket's upper bound.
type hist map[int32]int

func (h hist) addMS(ms int32) { h[bucket(ms)]++ }

func (h hist) merge(o []bin) {
	for _, x := range o {
		h[x.bound] += int(x.n)
	}
}

// bin is one non-empty histogram bucket, as a daily row keeps it.
type bin struct {
	bound int32
	n     int32
}

// bins returns the histogram's buckets in ascending order.
func (h hist) bins() []bin {
	out := make([]bin, 0, len(h))
	for b, n := range h {
		out = append(out, bin{b, int32(n)})
	}
	slices.SortFunc(out, func(a, b bin) int { return int(a.bound) - int(b.bound) })
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
	total := 0
	for _, n := range h {
		total += n
	}
	if total == 0 {
		return 0
	}
	k := max(1, int(math.Ceil(p*float64(total))))
	seen := 0
	for _, x := range h.bins() {
		seen += int(x.n)
		if seen >= k {
			return min(x.bound, largest)
		}
	}
	return largest
}
