package main

import (
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// output writes the report and keeps the first write error, which run returns.
type output struct {
	w   io.Writer
	err error
}

func (o *output) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	o.err = err
	return n, err
}

// printf writes to the output; a write error is kept in o.err for the report's end.
func (o *output) printf(format string, args ...any) {
	_, _ = fmt.Fprintf(o, format, args...)
}

// table prints aligned plain-text columns under a title.
type table struct {
	tw *tabwriter.Writer
}

func newTable(out *output, title string) *table {
	out.printf("\n%s\n", title)
	return &table{tw: tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)}
}

// row adds a row; the tabwriter holds it until flush, whose write error the output keeps.
func (t *table) row(cells ...string) {
	_, _ = fmt.Fprintln(t.tw, "  "+strings.Join(cells, "\t"))
}

// flush writes the table; a write error stays in the output.
func (t *table) flush() { _ = t.tw.Flush() }

// median of a slice of durations; 0 for none.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// pick applies f to every result.
func pick[T any](rs []phaseResult, f func(phaseResult) T) []T {
	out := make([]T, len(rs))
	for i, r := range rs {
		out[i] = f(r)
	}
	return out
}

func wallOf(r phaseResult) time.Duration { return r.wall }

func medianWall(rs []phaseResult) time.Duration { return median(pick(rs, wallOf)) }

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func millis(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// spread is "min..max s" of the runs, or "" for a single run.
func spread(ds []time.Duration) string {
	if len(ds) < 2 {
		return "-"
	}
	return fmt.Sprintf("%.2f..%.2f s", slices.Min(ds).Seconds(), slices.Max(ds).Seconds())
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func verdict(value, goal float64) string {
	if value <= goal {
		return "PASS"
	}
	return "MISS"
}

func coresWord() string { return strconv.Itoa(runtime.NumCPU()) + " cores" }

func runsWord(n int) string {
	if n == 1 {
		return "1 run"
	}
	return strconv.Itoa(n) + " runs"
}

func printTimes(out *output, o options, b baseResults) {
	t := newTable(out, fmt.Sprintf("1. Wall time and CPU time, N=%d, medians of %s", o.n, runsWord(o.runs)))
	t.row("kind", "phase", "wall", "range", "CPU terraform+providers", "CPU providers", "provider processes", "CPU mock")
	var notes []string
	for _, k := range b.kinds {
		for _, p := range allPhases {
			rs := b.phase(k, p)
			walls := pick(rs, wallOf)
			providerCPU, processes, mockCPU := "-", "-", "-"
			if k.watch != "" {
				providerCPU = secs(median(pick(rs, func(r phaseResult) time.Duration { return r.provider.cpu })))
				processes = strconv.Itoa(slices.Max(pick(rs, func(r phaseResult) int { return r.provider.processes })))
			}
			if k.mock {
				mockCPU = secs(median(pick(rs, func(r phaseResult) time.Duration { return r.mockCPU })))
			}
			t.row(k.name, string(p), secs(median(walls)), spread(walls),
				secs(median(pick(rs, func(r phaseResult) time.Duration { return r.cpu }))), providerCPU, processes, mockCPU)
			if changed := len(slices.DeleteFunc(slices.Clone(rs), func(r phaseResult) bool { return !r.planChanged })); changed > 0 {
				notes = append(notes, fmt.Sprintf("  NOTE: the plan of %s after its apply was not empty in %d of %d runs", k.name, changed, len(rs)))
			}
		}
	}
	t.flush()
	out.printf("%s\n", "  CPU terraform+providers is the rusage of the terraform process and the providers it waited for; CPU providers")
	out.printf("  is sampled from /proc every %s; the mock is a separate process on the same %s.\n", pollInterval, coresWord())
	for _, n := range notes {
		out.printf("%s\n", n)
	}

	t = newTable(out, fmt.Sprintf("2. klarna_api_key against noop_thing (goals), noop_wide_thing (same schema) and terraform_data (reference): "+
		"ratios of median wall times, N=%d", o.n))
	t.row("phase", "klarna/no-op", "goal", "result", "klarna/same-schema no-op", "same-schema/no-op", "klarna/terraform_data", "no-op/terraform_data")
	goals := map[phase]float64{phaseApply: goalApplyRatio, phasePlan: goalPlanRatio, phaseDestroy: goalDestroyRatio}
	var shares []string
	for _, p := range allPhases {
		kl, noop, wide, data := medianWall(b.phase(b.klarna, p)), medianWall(b.phase(b.noop, p)), medianWall(b.phase(b.wide, p)), medianWall(b.phase(b.data, p))
		r := ratio(kl, noop)
		t.row(string(p), fmt.Sprintf("%.2f", r), fmt.Sprintf("<= %.2f", goals[p]), verdict(r, goals[p]),
			fmt.Sprintf("%.2f", ratio(kl, wide)), fmt.Sprintf("%.2f", ratio(wide, noop)),
			fmt.Sprintf("%.2f", ratio(kl, data)), fmt.Sprintf("%.2f", ratio(noop, data)))
		shares = append(shares, schemaShare(p, kl, noop, wide))
	}
	t.flush()
	out.printf("%s\n", "  klarna/no-op = klarna/same-schema no-op x same-schema/no-op. same-schema/no-op is what klarna_api_key's schema")
	out.printf("%s\n", "  costs a provider that does nothing with it: Terraform's and the framework's work for its attributes and its state.")
	out.printf("%s\n", "  klarna/same-schema no-op is the rest, what differs between two resources with the same schema: the Klarna provider's")
	out.printf("  own work (configuration, validators, ModifyPlan, HTTP client, the API calls of section 3) and the mock on the same %s.\n", coresWord())
	out.printf("%s\n", "  Of the wall time klarna_api_key takes beyond noop_thing, noop_wide_thing takes too:")
	out.printf("  %s. The goals are unchanged: they compare against noop_thing.\n", strings.Join(shares, "; "))
}

// schemaShare says how much of the wall time the Klarna provider takes beyond the no-op in
// a phase the same-schema no-op takes too, e.g. "apply 1.20 of 2.00 s (60%)".
func schemaShare(p phase, klarna, noop, wide time.Duration) string {
	gap := klarna - noop
	if gap <= 0 {
		return fmt.Sprintf("%s none (klarna_api_key took no longer than noop_thing)", p)
	}
	return fmt.Sprintf("%s %.2f of %.2f s (%.0f%%)", p, (wide - noop).Seconds(), gap.Seconds(), 100*ratio(wide-noop, gap))
}

// countsOf is how often a route was called in each run.
func countsOf(rs []phaseResult, route string) []int {
	return pick(rs, func(r phaseResult) int {
		if r.requests == nil {
			return 0
		}
		return r.requests.ByRoute[route]
	})
}

// callsCell is "500" when every run made the same number of calls, else "min..max".
func callsCell(counts []int) string {
	lo, hi := slices.Min(counts), slices.Max(counts)
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return fmt.Sprintf("%d..%d", lo, hi)
}

func perResource(counts []int, n int) string {
	lo, hi := float64(slices.Min(counts))/float64(n), float64(slices.Max(counts))/float64(n)
	if lo == hi {
		return fmt.Sprintf("%.2f", lo)
	}
	return fmt.Sprintf("%.2f..%.2f", lo, hi)
}

func printAPICalls(out *output, o options, b baseResults) {
	t := newTable(out, fmt.Sprintf("3. API calls per resource, N=%d, %s (mock request counts: DELETE /_mock/requests before each phase, GET after)", o.n, runsWord(o.runs)))
	t.row("phase", "route", "calls", "per resource", "goal", "result")
	type other struct {
		p     phase
		route string
	}
	var others []other
	for _, p := range allPhases {
		rs := b.phase(b.klarna, p)
		route := b.klarna.route[p]
		counts := countsOf(rs, route)
		result, goal := "PASS", "exactly 1"
		if p == phasePlan {
			goal = fmt.Sprintf("≤ %g", goalScaleCalls)
			if slices.ContainsFunc(counts, func(c int) bool { return float64(c)/float64(o.n) > goalScaleCalls }) {
				result = "MISS"
			}
		} else if slices.ContainsFunc(counts, func(c int) bool { return c != o.n }) {
			result = "MISS"
		}
		t.row(string(p), route, callsCell(counts), perResource(counts, o.n), goal, result)
		seen := map[string]bool{}
		for _, r := range rs {
			for name := range r.requests.ByRoute {
				if name != route && !seen[name] {
					seen[name] = true
					others = append(others, other{p, name})
				}
			}
		}
	}
	if len(others) == 0 {
		t.row("(no other route was called)")
	}
	refreshNote := false
	sort.SliceStable(others, func(i, j int) bool { return others[i].route < others[j].route })
	for _, x := range others {
		rs := b.phase(b.klarna, x.p)
		counts := countsOf(rs, x.route)
		note := "other route"
		if x.p == phaseDestroy && x.route == b.klarna.route[phasePlan] {
			note, refreshNote = "other route: refresh before destroy", true
		}
		t.row(string(x.p), x.route, callsCell(counts), perResource(counts, o.n), "-", note)
	}
	t.flush()
	if refreshNote {
		out.printf("%s\n", "  terraform destroy refreshes every resource before deleting it, so it reads each one once as well.")
	}
}

func printRateLimit(out *output, o options, rl rateLimitResult) {
	ideal := time.Duration(float64(o.n) / rl.limit * float64(time.Second))
	goal := time.Duration(goalRateSlack * float64(ideal))
	t := newTable(out, fmt.Sprintf("4. Rate limit: %d API keys in one apply against a mock allowing %g requests per second per account", o.n, rl.limit))
	t.row("measure", "value", "goal", "result")
	failures := o.n - rl.created
	t.row("resources not created", strconv.Itoa(failures), "0", verdict(float64(failures), 0))
	t.row("apply time", secs(rl.wall), fmt.Sprintf("<= %s (%.2f x %d / %g per second)", secs(goal), goalRateSlack, o.n, rl.limit), verdict(rl.wall.Seconds(), goal.Seconds()))
	t.row("apply exit status", strconv.Itoa(rl.exitCode))
	if rl.requests != nil {
		create := rl.requests.ByRoute["POST /v2/account/credentials/api-keys"]
		t.row("create requests", strconv.Itoa(create), fmt.Sprintf("(%d more than keys created: answered 429 and retried)", create-rl.created))
		for _, name := range slices.Sorted(maps.Keys(rl.requests.ByRoute)) {
			if name != "POST /v2/account/credentials/api-keys" {
				t.row("other route", name+": "+strconv.Itoa(rl.requests.ByRoute[name]))
			}
		}
	}
	t.row("mock CPU", secs(rl.mockCPU))
	if rl.firstError != "" {
		t.row("first error", rl.firstError)
	}
	t.flush()
}

func printMockCost(out *output, o options, mc mockCostResults) {
	t := newTable(out, fmt.Sprintf("5. The mock's own cost: klarna_api_key apply, N=%d, medians of %s, the two mocks taking turns", o.n, runsWord(o.runs)))
	t.row("mock", "apply", "range", "CPU mock", "CPU mock per request", "CPU terraform+providers")
	row := func(name string, rs []phaseResult) time.Duration {
		walls := pick(rs, wallOf)
		cpu := median(pick(rs, func(r phaseResult) time.Duration { return r.mockCPU }))
		reqs := median(pick(rs, func(r phaseResult) time.Duration {
			if r.requests == nil {
				return 0
			}
			return time.Duration(r.requests.Total)
		}))
		perReq := "-"
		if reqs > 0 {
			perReq = millis(cpu / reqs)
		}
		t.row(name, secs(median(walls)), spread(walls), secs(cpu), perReq, secs(median(pick(rs, func(r phaseResult) time.Duration { return r.cpu }))))
		return median(walls)
	}
	with := row("contract validation on (the default)", mc.validating)
	without := row("-skip-contract-validation", mc.skipping)
	t.flush()
	if diff := (with - without).Round(10 * time.Millisecond); diff == 0 {
		out.printf("  Contract validation makes no difference to the apply's wall time within 0.01 s.\n")
	} else {
		out.printf("  Contract validation changes the apply's wall time by %+.2f s (%+.0f%%).\n", diff.Seconds(), 100*(ratio(with, without)-1))
	}
}

func printMemory(out *output, o options, g growthResults) {
	t := newTable(out, fmt.Sprintf("6. Memory: peak RSS of one provider process during an apply of %d resources, medians of %s (sampled every %s)", largeN, runsWord(o.runs), pollInterval))
	t.row("provider", "peak RSS", "range", "provider processes per apply")
	peak := func(k kind) int64 {
		rs := g.applies[k.name][largeN]
		peaks := pick(rs, func(r phaseResult) int64 { return r.provider.peakRSS })
		s := slices.Clone(peaks)
		slices.Sort(s)
		m := s[len(s)/2]
		if len(s)%2 == 0 {
			m = (s[len(s)/2-1] + s[len(s)/2]) / 2
		}
		rng := "-"
		if len(s) > 1 {
			rng = mib(s[0]) + ".." + mib(s[len(s)-1])
		}
		t.row(k.label, mib(m), rng, strconv.Itoa(slices.Max(pick(rs, func(r phaseResult) int { return r.provider.processes }))))
		return m
	}
	kl, noop, wide := peak(g.klarna), peak(g.noop), peak(g.wide)
	rssRatio := func(a, b int64) float64 {
		if b <= 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	r := rssRatio(kl, noop)
	t.row("klarna/no-op", fmt.Sprintf("%.2f", r), "goal <= "+fmt.Sprintf("%.2f", goalMemoryRatio), verdict(r, goalMemoryRatio))
	t.row("klarna/same-schema no-op", fmt.Sprintf("%.2f", rssRatio(kl, wide)), "(no goal)")
	t.flush()
}

func printGrowth(out *output, o options, g growthResults) {
	t := newTable(out, fmt.Sprintf("7. Growth: apply wall time per resource, medians of %s", runsWord(o.runs)))
	t.row("N", "klarna", "no-op", "same-schema no-op", "klarna/no-op", "klarna/same-schema no-op")
	sizes := slices.Sorted(slices.Values(g.sizes))
	perRes := func(k kind, n int) time.Duration { return medianWall(g.applies[k.name][n]) / time.Duration(n) }
	for _, n := range sizes {
		kl, noop, wide := perRes(g.klarna, n), perRes(g.noop, n), perRes(g.wide, n)
		t.row(strconv.Itoa(n), millis(kl), millis(noop), millis(wide), fmt.Sprintf("%.2f", ratio(kl, noop)), fmt.Sprintf("%.2f", ratio(kl, wide)))
	}
	growth := func(k kind) float64 { return ratio(perRes(k, largeN), perRes(k, smallN)) }
	kg, ng, wg := growth(g.klarna), growth(g.noop), growth(g.wide)
	t.row(fmt.Sprintf("growth %d/%d", largeN, smallN), fmt.Sprintf("%.2f", kg), fmt.Sprintf("%.2f", ng), fmt.Sprintf("%.2f", wg),
		fmt.Sprintf("%.2f", kg/ng), fmt.Sprintf("%.2f", kg/wg))
	stateBytes := func(k kind) float64 {
		rs := g.applies[k.name][largeN]
		return float64(rs[len(rs)-1].stateBytes) / largeN
	}
	ks, ns, ws := stateBytes(g.klarna), stateBytes(g.noop), stateBytes(g.wide)
	t.row("state per resource", fmt.Sprintf("%.0f bytes", ks), fmt.Sprintf("%.0f bytes", ns), fmt.Sprintf("%.0f bytes", ws),
		fmt.Sprintf("%.2f", ks/ns), fmt.Sprintf("%.2f", ks/ws))
	t.flush()
	out.printf("  growth = (time per resource at %d) / (time per resource at %d); goal: klarna's growth <= %.2f x no-op's: %.2f <= %.2f: %s\n",
		largeN, smallN, goalGrowthRatio, kg, goalGrowthRatio*ng, verdict(kg, goalGrowthRatio*ng))
	out.printf("  against the same-schema no-op (no goal): klarna's growth %.2f, the same-schema no-op's %.2f, a ratio of %.2f; "+
		"the same-schema no-op's growth is %.2f x no-op's\n", kg, wg, kg/wg, wg/ng)
}
