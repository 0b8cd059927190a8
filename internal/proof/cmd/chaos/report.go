package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

// table prints rows as aligned plain text, with a rule under the header.
type table struct {
	title string
	head  []string
	rows  [][]string
}

func (t *table) add(cells ...any) {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = fmt.Sprint(c)
	}
	t.rows = append(t.rows, row)
}

func (t *table) print(p *printer) {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	rule := make([]string, len(t.head))
	for i, h := range t.head {
		rule[i] = strings.Repeat("-", len(h))
	}
	for _, row := range append([][]string{t.head, rule}, t.rows...) {
		_, _ = io.WriteString(tw, "  "+strings.Join(row, "\t")+"\n") // a strings.Builder does not fail
	}
	_ = tw.Flush() // into the strings.Builder, which does not fail
	p.printf("\n%s\n", t.title)
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		p.printf("%s\n", strings.TrimRight(line, " ")) // an empty last cell leaves padding
	}
}

// printer writes the campaign's output and keeps the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.1fs", d.Seconds()) }

// report prints the campaign's figures and its verdict.
func (c *campaign) report() {
	w := c.out
	w.printf("\n==> Figures\n")
	if c.inj != nil {
		c.faultTable()
	}
	if len(c.applies) > 0 {
		t := &table{title: "Applies", head: []string{"phase", "#", "step", "changes", "result", "time", "faults scheduled", "errors (first line of each)"}}
		for _, a := range c.applies {
			result := "ok"
			if a.exitCode != 0 {
				result = fmt.Sprintf("failed (exit %d)", a.exitCode)
			}
			first := ""
			if len(a.lines) > 0 {
				first = a.lines[0]
			}
			t.add(phaseName(a.phase), a.seq, a.step, a.changes, result, seconds(a.duration), a.faults, first)
			for _, l := range a.lines[min(1, len(a.lines)):] {
				t.add("", "", "", "", "", "", "", l)
			}
		}
		t.print(w)
		s := &table{title: "Applies by phase", head: []string{"phase", "applies", "failed"}}
		for _, p := range []int{1, 2, 3} {
			n, failed := 0, 0
			for _, a := range c.applies {
				if a.phase == p {
					n++
					if a.exitCode != 0 {
						failed++
					}
				}
			}
			if n > 0 {
				s.add(phaseName(p), n, failed)
			}
		}
		s.print(w)
	}
	c.attemptsTable()
	if len(c.failures) > 0 {
		t := &table{title: "Phase two: failed creates and their guidance", head: []string{"apply", "address", "outcome unknown + import guidance", "error (first line)"}}
		for _, f := range c.failures {
			verdict := "yes"
			if f.problem != "" {
				verdict = "DEFECT: " + f.problem
			}
			t.add(f.seq, f.address, verdict, f.line)
		}
		t.print(w)
	}
	if len(c.audits) > 0 {
		t := &table{title: "State against the mock (descriptions map objects to addresses; ACTIVE certificates only)",
			head: []string{"when", "in state", "on the mock", "duplicates", "orphans", "missing"}}
		for _, a := range c.audits {
			t.add(a.when, a.inState, a.onServer, len(a.duplicates), len(a.orphans), len(a.missing))
		}
		t.print(w)
		for _, a := range c.audits {
			for _, d := range a.duplicates {
				c.out.printf("  duplicate %s: %s %s in %s (%q)\n", a.when, d.typ, d.id, d.accountID, d.description)
			}
		}
	}
	if len(c.orphans) > 0 {
		t := &table{title: "Orphans left by phase two, and their imports", head: []string{"id", "account", "address", "import command", "result"}}
		for _, o := range c.orphans {
			t.add(o.id, o.accountID, o.address, o.command, o.result)
		}
		t.print(w)
	}
	if len(c.plans) > 0 {
		t := &table{title: "terraform plan -detailed-exitcode", head: []string{"when", "exit", "result", "planned"}}
		for _, p := range c.plans {
			t.add(p.when, p.exitCode, planMeaning(p.exitCode), strings.Join(append(p.planned, p.errors...), "; "))
		}
		t.print(w)
	}
	if c.final.done {
		t := &table{title: "After the final destroy", head: []string{"check", "value"}}
		t.add("objects of the campaign still on the mock", len(c.final.left))
		t.add("certificates of the campaign revoked", c.final.revoked)
		t.add("OpenAPI contract violations", len(c.final.violations))
		t.add("API requests the mock served", c.final.requests)
		t.print(w)
	}
	c.out.printf("\nTotal wall time: %s\n", time.Since(c.start).Round(100*time.Millisecond))
	if len(c.problems) == 0 {
		c.out.printf("\nPASS\n")
		return
	}
	c.out.printf("\nFAIL: %d problems\n", len(c.problems))
	for _, p := range c.problems {
		c.out.printf("  - %s\n", p)
	}
}

func phaseName(p int) string {
	switch p {
	case 1:
		return "one"
	case 2:
		return "two"
	default:
		return "destroy"
	}
}

// faultTable prints the faults scheduled and served by kind, and what the control plane's
// pending counts say was consumed.
func (c *campaign) faultTable() {
	w := c.out
	tally, err := c.servedTally()
	t := &table{title: "Faults by kind", head: []string{"kind", "scheduled: phase one", "phase two", "total", "served (mock log): phase one", "phase two", "total"}}
	in1, in2 := c.inj.injected(1), c.inj.injected(2)
	sv1, sv2 := served(c.inj.episodes, 1), served(c.inj.episodes, 2)
	var sums [6]int
	for i, v := range variants {
		t.add(v.name, in1[i], in2[i], in1[i]+in2[i], sv1[i], sv2[i], sv1[i]+sv2[i])
		for j, n := range []int{in1[i], in2[i], in1[i] + in2[i], sv1[i], sv2[i], sv1[i] + sv2[i]} {
			sums[j] += n
		}
	}
	t.add("all", sums[0], sums[1], sums[2], sums[3], sums[4], sums[5])
	t.print(w)
	consumed, parts := 0, []string{}
	for _, p := range []int{1, 2} {
		if pending, ok := c.pending[p]; ok {
			scheduled := c.inj.total(p)
			consumed += scheduled - pending
			parts = append(parts, fmt.Sprintf("phase %s %d - %d = %d", phaseName(p), scheduled, pending, scheduled-pending))
		}
	}
	if len(parts) > 0 {
		w.printf("  consumed = scheduled - still pending when cleared (GET /_mock/faults): %s\n",
			strings.Join(parts, "; "))
	}
	if err != nil {
		w.printf("  the mock's log could not be read: %v\n", err)
		return
	}
	agreement := ""
	if len(parts) == 2 {
		agreement = "; it agrees with the computed count"
		if consumed != tally.lines {
			agreement = fmt.Sprintf("; the computed count is %d", consumed)
		}
	}
	w.printf("  served = faulty responses in the mock's log: %d, of which %d credited to a scheduled fault of the same kind, %d of another kind, %d unexplained%s\n",
		tally.lines, sums[5], tally.mismatched, tally.unattributed, agreement)
}

func (c *campaign) servedTally() (servedTally, error) {
	if c.ws == nil {
		return servedTally{}, fmt.Errorf("no working directory")
	}
	f, err := os.Open(c.ws.mockLog)
	if err != nil {
		return servedTally{}, err
	}
	defer func() { _ = f.Close() }() // opened for reading: closing tells nothing
	return attributeServed(f, c.inj.routes, c.inj.episodes)
}

// attemptsTable prints how many attempts the provider's operations needed, by phase.
func (c *campaign) attemptsTable() {
	phases := []int{}
	for _, p := range []int{1, 2, 3} {
		if s := c.opStats[p]; s != nil && len(s.ops) > 0 {
			phases = append(phases, p)
		}
	}
	if len(phases) == 0 {
		return
	}
	t := &table{title: "Provider operations by attempts needed (one Partner-Correlation-Id per operation, from the provider's DEBUG log)", head: []string{"attempts"}}
	hists, longest := map[int][]int{}, 0
	for _, p := range phases {
		t.head = append(t.head, "phase "+phaseName(p))
		hists[p] = c.opStats[p].histogram()
		longest = max(longest, len(hists[p]))
	}
	for n := 1; n < longest; n++ {
		row := []any{n}
		for _, p := range phases {
			v := 0
			if n < len(hists[p]) {
				v = hists[p][n]
			}
			row = append(row, v)
		}
		t.add(row...)
	}
	t.print(c.out)
	for _, p := range phases {
		s := c.opStats[p]
		n, route := s.most()
		c.out.printf("  phase %s: %d operations; the most attempts one needed: %d (%s); operations whose attempts sent different idempotency keys: %d\n",
			phaseName(p), len(s.ops), n, route, s.keyChanges())
		if p == 1 && n > c.opts.burst+1 {
			c.out.printf("  WARNING: an operation of phase one needed more than %d attempts, more than the fault schedule should allow\n", c.opts.burst+1)
		}
	}
	for _, e := range c.opErrors {
		c.out.printf("  reading a provider log: %s\n", e)
	}
}
