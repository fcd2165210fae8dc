package main

import (
	"math"
	"runtime"
	"sync"
)

// scenario is a simulation setting all policies run under.
type scenario struct {
	Name string
	Sim  simConfig
}

// evaluation is every run of the simulation part.
type evaluation struct {
	seeds      int
	offers     int
	orgs       int
	places     int          // places per week (day-part places summed)
	main       [][]*metrics // policy → seed
	mainPols   []policy
	scenarios  []scenario
	sensitive  [][][]*metrics // scenario → policy → seed
	ablations  []policy
	ablated    [][]*metrics // ablation → seed
	runs       int
	mainConfig simConfig
}

// sensitivityScenarios vary what the results depend on most: how strongly
// monotony drives dropout, and how scarce places are.
func sensitivityScenarios(base simConfig) []scenario {
	no, half, double, busy := base, base, base, base
	no.Monotony, half.Monotony, double.Monotony = 0, base.Monotony/2, base.Monotony*2
	busy.Arrivals = base.Arrivals * 2
	return []scenario{
		{"monotony ×0 (no monotony effect)", no},
		{"monotony ×0.5", half},
		{"monotony ×2", double},
		{"twice the arrivals (scarce places)", busy},
	}
}

// evaluate runs the policies over the seeds, and with cfg.Sensitivity the
// sensitivity scenarios and the ablations, on as many cores as there are.
func evaluate(w *world, cfg config) (*evaluation, error) {
	ev := &evaluation{seeds: cfg.Seeds, offers: len(w.offers), mainPols: policies(), mainConfig: cfg.Sim}
	orgs := map[string]bool{}
	for _, d := range w.offers {
		orgs[d.Offer.OrganisationID] = true
		ev.places += d.Offer.Capacity.Total()
	}
	ev.orgs = len(orgs)

	type job struct {
		sim  simConfig
		pol  policy
		into **metrics
	}
	var jobs []job
	add := func(sim simConfig, pols []policy) [][]*metrics {
		out := make([][]*metrics, len(pols))
		for p, pol := range pols {
			out[p] = make([]*metrics, cfg.Seeds)
			for s := range cfg.Seeds {
				c := sim
				c.Seed = uint64(s + 1)
				jobs = append(jobs, job{c, pol, &out[p][s]})
			}
		}
		return out
	}
	ev.main = add(cfg.Sim, ev.mainPols)
	if cfg.Sensitivity {
		ev.scenarios = sensitivityScenarios(cfg.Sim)
		for _, sc := range ev.scenarios {
			ev.sensitive = append(ev.sensitive, add(sc.Sim, ev.mainPols))
		}
		ev.ablations = ablations()
		ev.ablated = add(cfg.Sim, ev.ablations)
	}

	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		next     = make(chan job)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				m, err := runSim(w, j.sim, j.pol)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				*j.into = m
				mu.Unlock()
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	ev.runs = len(jobs)
	return ev, firstErr
}

// stat is a mean and a sample standard deviation over seeds.
type stat struct{ Mean, SD float64 }

func summarize(ms []*metrics, f func(*metrics) float64) stat {
	xs := make([]float64, len(ms))
	for i, m := range ms {
		xs[i] = f(m)
	}
	return meanSD(xs)
}

func meanSD(xs []float64) stat {
	var s stat
	for _, x := range xs {
		s.Mean += x
	}
	n := float64(len(xs))
	s.Mean /= n
	if len(xs) > 1 {
		for _, x := range xs {
			s.SD += (x - s.Mean) * (x - s.Mean)
		}
		s.SD = math.Sqrt(s.SD / (n - 1))
	}
	return s
}
