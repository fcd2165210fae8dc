package mincostflow

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteDIMACS writes g in the DIMACS minimum-cost flow format ("p min"),
// which LEMON, CS2 and most solvers read: nodes numbered from 1, a line
// "n id supply" per node with a supply, a line "a from to 0 capacity
// cost" per arc in order; capacity -1 is unbounded (below the lower bound
// 0, which LEMON's reader takes as infinite).
func (g *Network) WriteDIMACS(w io.Writer, comments ...string) error {
	b := bufio.NewWriterSize(w, 1<<16)
	for _, c := range comments {
		fmt.Fprintf(b, "c %s\n", c)
	}
	fmt.Fprintf(b, "p min %d %d\n", len(g.supply), len(g.from))
	for v, s := range g.supply {
		if s != 0 {
			fmt.Fprintf(b, "n %d %d\n", v+1, s)
		}
	}
	buf := make([]byte, 0, 64)
	for a := range g.from {
		capacity := g.capacity[a]
		if capacity == Inf {
			capacity = -1
		}
		buf = append(buf[:0], "a "...)
		buf = strconv.AppendInt(buf, int64(g.from[a])+1, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(g.to[a])+1, 10)
		buf = append(buf, " 0 "...)
		buf = strconv.AppendInt(buf, capacity, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, g.cost[a], 10)
		buf = append(buf, '\n')
		if _, err := b.Write(buf); err != nil {
			return err
		}
	}
	return b.Flush()
}

// ReadDIMACS reads a network in the DIMACS minimum-cost flow format as
// WriteDIMACS writes it. Lower bounds must be 0.
func ReadDIMACS(r io.Reader) (*Network, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var g *Network
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 || f[0] == "c" {
			continue
		}
		nums := make([]int64, len(f)-1)
		for i, s := range f[1:] {
			if f[0] == "p" && i < 1 {
				continue
			}
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("dimacs line %d: %w", line, err)
			}
			nums[i] = n
		}
		switch {
		case f[0] == "p" && len(f) == 4 && f[1] == "min":
			if g != nil {
				return nil, fmt.Errorf("dimacs line %d: second problem line", line)
			}
			if nums[1] < 0 || nums[2] < 0 || nums[1] > 1<<31 || nums[2] > 1<<31 {
				return nil, fmt.Errorf("dimacs line %d: bad size", line)
			}
			g = NewNetwork(int(nums[1]), int(nums[2]))
		case g == nil:
			return nil, fmt.Errorf("dimacs line %d: %q before the problem line", line, f[0])
		case f[0] == "n" && len(f) == 3:
			if nums[0] < 1 || nums[0] > int64(g.Nodes()) {
				return nil, fmt.Errorf("dimacs line %d: no node %d", line, nums[0])
			}
			g.SetSupply(int(nums[0]-1), nums[1])
		case f[0] == "a" && len(f) == 6:
			from, to, low, capacity, cost := nums[0], nums[1], nums[2], nums[3], nums[4]
			if from < 1 || from > int64(g.Nodes()) || to < 1 || to > int64(g.Nodes()) {
				return nil, fmt.Errorf("dimacs line %d: arc between unknown nodes", line)
			}
			if low != 0 {
				return nil, fmt.Errorf("dimacs line %d: lower bound %d, only 0 is supported", line, low)
			}
			if capacity < 0 {
				capacity = Inf
			}
			g.AddArc(int(from-1), int(to-1), capacity, cost)
		default:
			return nil, fmt.Errorf("dimacs line %d: cannot read %q", line, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if g == nil {
		return nil, fmt.Errorf("dimacs: no problem line")
	}
	return g, nil
}
