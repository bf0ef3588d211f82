package generator

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestAppendTenthsIsStrconv holds appendTenths to strconv's shortest
// formatting on tenths, their neighbours and values it must hand on.
func TestAppendTenthsIsStrconv(t *testing.T) {
	vs := []float64{0, math.Copysign(0, -1), -0.1, -5, 0.1, 0.5, 0.9, 1, 9.9, 10, 119.9, 120, 287.9, 288, 1e8 + 0.1, 1e9, 1e9 - 0.1,
		1e12, math.Inf(1), math.Inf(-1), math.NaN(), math.SmallestNonzeroFloat64, 0.05, 0.15, 1.0 / 3, math.Nextafter(0.1, 1), math.Nextafter(0.3, 0)}
	for k := range 30000 {
		v := float64(k) / 10
		vs = append(vs, v, math.Nextafter(v, math.Inf(1)), math.Nextafter(v, math.Inf(-1)), math.Round(float64(k)*1.37)/10)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		vs = append(vs, math.Round(r.Float64()*1e7)/10, r.Float64()*300, math.Round((120-116*r.Float64())*10)/10)
	}
	for _, v := range vs {
		want := strconv.FormatFloat(v, 'f', -1, 64)
		if got := string(appendTenths(nil, v)); got != want {
			t.Fatalf("appendTenths(%v) = %q, want %q", v, got, want)
		}
	}
}
