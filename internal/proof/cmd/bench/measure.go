package main

import (
	"context"
	"fmt"
)

// baseResults are the apply, plan and destroy runs of every kind at N.
type baseResults struct {
	kindSet
	kinds []kind
	runs  map[string][]map[phase]phaseResult // by resource type, one map per run
}

// phase is every run's result of one phase of one kind.
func (b baseResults) phase(k kind, p phase) []phaseResult {
	var out []phaseResult
	for _, r := range b.runs[k.name] {
		out = append(out, r[p])
	}
	return out
}

// measureMain runs apply, plan and destroy of N resources of each kind, o.runs times. The
// kinds take turns run by run, so that a drift of the machine's speed touches all of them.
func (w *workspace) measureMain(ctx context.Context, o options) (baseResults, error) {
	ks := w.kinds()
	b := baseResults{kindSet: ks, kinds: ks.all(), runs: map[string][]map[phase]phaseResult{}}
	for run := 1; run <= o.runs; run++ {
		for _, k := range b.kinds {
			res, err := w.cycle(ctx, cycleSpec{kind: k, n: o.n, phases: allPhases, tag: fmt.Sprintf("main-%d-of-%d", run, o.runs)})
			if err != nil {
				return b, err
			}
			b.runs[k.name] = append(b.runs[k.name], res)
		}
	}
	return b, nil
}

// rateLimitResult is one apply of N API keys against a rate-limited mock.
type rateLimitResult struct {
	limit float64
	phaseResult
}

// measureRateLimit applies N API keys against a mock that allows o.rateLimit requests per
// second; the provider must retry every 429 until all are created.
func (w *workspace) measureRateLimit(ctx context.Context, o options) (rateLimitResult, error) {
	res, err := w.cycle(ctx, cycleSpec{
		kind: w.kinds().klarna, n: o.n, phases: []phase{phaseApply}, mock: mockOptions{rateLimit: o.rateLimit},
		tag: "rate-limited", applyMayFail: true,
	})
	if err != nil {
		return rateLimitResult{}, err
	}
	return rateLimitResult{limit: o.rateLimit, phaseResult: res[phaseApply]}, nil
}

// mockCostResults compares the Klarna apply against mocks with and without contract validation.
type mockCostResults struct {
	validating, skipping []phaseResult
}

// measureMockCost applies N API keys against mocks with and without contract validation,
// taking turns, o.runs times each.
func (w *workspace) measureMockCost(ctx context.Context, o options, b baseResults) (mockCostResults, error) {
	var mc mockCostResults
	for run := 1; run <= o.runs; run++ {
		for _, skip := range []bool{false, true} {
			tag := fmt.Sprintf("contract-%d-of-%d", run, o.runs)
			if skip {
				tag = "no-" + tag
			}
			res, err := w.cycle(ctx, cycleSpec{kind: b.klarna, n: o.n, phases: []phase{phaseApply}, mock: mockOptions{skipContract: skip}, tag: tag})
			if err != nil {
				return mc, err
			}
			if skip {
				mc.skipping = append(mc.skipping, res[phaseApply])
			} else {
				mc.validating = append(mc.validating, res[phaseApply])
			}
		}
	}
	return mc, nil
}

// growthResults are applies of the Klarna provider and both no-op resources at several sizes.
type growthResults struct {
	klarna, noop, wide kind
	sizes              []int
	applies            map[string]map[int][]phaseResult // by resource type and size
}

// kinds are the kinds measured, in the order they take turns.
func (g growthResults) kinds() []kind { return []kind{g.klarna, g.noop, g.wide} }

// measureGrowth applies smallN and largeN resources of the Klarna provider and of both
// no-op resources, o.runs times; the applies at N are those of measureMain. The largeN
// applies also give the providers' peak memory.
func (w *workspace) measureGrowth(ctx context.Context, o options, b baseResults) (growthResults, error) {
	g := growthResults{klarna: b.klarna, noop: b.noop, wide: b.wide, applies: map[string]map[int][]phaseResult{}}
	for _, k := range g.kinds() {
		g.applies[k.name] = map[int][]phaseResult{o.n: b.phase(k, phaseApply)}
	}
	g.sizes = []int{smallN, o.n, largeN}
	if o.n == smallN || o.n == largeN {
		g.sizes = []int{smallN, largeN}
	}
	for run := 1; run <= o.runs; run++ {
		for _, n := range []int{smallN, largeN} {
			if n == o.n {
				continue
			}
			for _, k := range g.kinds() {
				res, err := w.cycle(ctx, cycleSpec{kind: k, n: n, phases: []phase{phaseApply}, tag: fmt.Sprintf("growth-%d-of-%d", run, o.runs)})
				if err != nil {
					return g, err
				}
				g.applies[k.name][n] = append(g.applies[k.name][n], res[phaseApply])
			}
		}
	}
	return g, nil
}
