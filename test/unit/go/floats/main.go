// Writes ../../floats-go.txt: strconv.FormatFloat (what fmt's %e, %f and %g print) for
// values where JS's own formatting differs from Go's (halfway values, -0, precisions past
// 100 digits, powers of ten, subnormals) and for random ones. One line per case:
// <float64 bits> <verb> <precision> <Go's text>. Run with `go run .` from this directory.
package main

import (
	"bufio"
	"fmt"
	"math"
	"math/rand"
	"os"
	"strconv"
)

func main() {
	f, err := os.Create("../../floats-go.txt")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	vals := []float64{0.5, 1.5, 2.5, -0.5, -2.5, 0.125, 0.375, 1.005, 2.675, 1e-7, 1e21, 1e22, 1e23,
		123456789012345678901234567890.0, math.Ldexp(1, -61), math.Ldexp(3, -70), 5e-324,
		2.2250738585072014e-308, 1.7976931348623157e308, 9.5, 99.5, 999.5, 0.05, 0.15, 0.25,
		9.999999, 123.456, math.Copysign(0, -1), 0}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 30; i++ {
		vals = append(vals, math.Float64frombits(r.Uint64()), float64(r.Intn(100000))/float64(int(1)<<uint(r.Intn(20))))
	}
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		for _, p := range []int{0, 1, 2, 6, 17, 61, 101} {
			for _, verb := range []byte{'e', 'f', 'g'} {
				if verb == 'f' && math.Abs(v) > 1e60 && p > 17 {
					continue // hundreds of digits that say nothing more
				}
				fmt.Fprintf(w, "%d %c %d %s\n", math.Float64bits(v), verb, p, strconv.FormatFloat(v, verb, p, 64))
			}
		}
	}
}
