package main

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

// applyRecord is one apply (or destroy) of the campaign.
type applyRecord struct {
	phase    int
	seq      int
	step     string
	changes  changes
	exitCode int
	duration time.Duration
	faults   int // faults scheduled while it ran
	errors   []diagnostic
	lines    []string
	logs     string // the provider's DEBUG log
}

// auditRow is one comparison of the state with the mock.
type auditRow struct {
	when string
	auditResult
}

// planRow is one terraform plan -detailed-exitcode.
type planRow struct {
	when     string
	exitCode int
	planned  []string
	errors   []string
}

// failureRow is one error of a failed phase-two apply, judged for its guidance.
type failureRow struct {
	seq     int
	address string
	line    string
	problem string // "" when it says the outcome is unknown and how to import
}

// orphanRow is one object phase two left on the mock outside the state.
type orphanRow struct {
	serverObject
	command string
	result  string
}

// finalCheck is what the mock holds after the final destroy.
type finalCheck struct {
	done       bool
	left       []serverObject
	revoked    int
	violations []string
	requests   int
}

func (c *campaign) section(title string) {
	c.logf("\n==> %s", title)
}

// apply writes the model's configuration and applies it; with faults on, the injector
// keeps faults flowing while it runs.
func (c *campaign) apply(ctx context.Context, phase int, name string, faults bool, extra ...string) (*applyRecord, error) {
	if err := c.ws.writeConfig(c.model); err != nil {
		return nil, err
	}
	injCtx, stopInjector := context.WithCancel(ctx)
	injErr := make(chan error, 1)
	if faults {
		go func() { injErr <- c.inj.run(injCtx, phase) }()
	} else {
		injErr <- nil
	}
	args := append([]string{"apply", "-auto-approve", "-input=false", "-json"}, extra...)
	res, err := c.tf.run(ctx, args...)
	stopInjector()
	if ierr := <-injErr; ierr != nil && err == nil {
		err = fmt.Errorf("the fault injector: %w", ierr)
	}
	if err != nil {
		return nil, err
	}
	return c.record(phase, name, res), nil
}

// record keeps an apply's outcome, with the faults scheduled since the previous one
// (during it in phase one, just before it in phase two), and prints it.
func (c *campaign) record(phase int, name string, res *tfResult) *applyRecord {
	faults := c.inj.total(0) - c.faultMark
	c.faultMark = c.inj.total(0)
	rec := &applyRecord{
		phase: phase, seq: len(c.applies) + 1, step: name, changes: res.changes, exitCode: res.exitCode,
		duration: res.duration, faults: faults, errors: res.errors, lines: res.errorLines(), logs: res.providerLog,
	}
	c.applies = append(c.applies, rec)
	result := "ok"
	if rec.exitCode != 0 {
		result = fmt.Sprintf("FAILED, %d error(s)", len(rec.lines))
	}
	c.logf("    %2d  %-50s %-11s %-17s %6s  %3d faults scheduled", rec.seq, name, rec.changes, result, seconds(rec.duration), faults)
	for _, l := range rec.lines {
		c.logf("          %s", l)
	}
	return rec
}

// phaseOne applies round after round of changes while absorbable faults flow, until
// enough faults were scheduled, then checks that nothing failed, was duplicated or
// orphaned, and that the plan is empty.
func (c *campaign) phaseOne(ctx context.Context) error {
	c.section(fmt.Sprintf("Phase one: absorbable faults (at least %d scheduled), goal 0 failed applies", c.opts.faults))
	extra := fmt.Sprintf("-parallelism=%d", c.opts.parallelism)
	if _, err := c.apply(ctx, 1, "create everything", true, extra); err != nil {
		return err
	}
	// Phase one ends after a whole round, with every resource present, once enough
	// faults were scheduled; it also ends early when applies or time run short.
	budget := c.opts.timeout / 2
	for round := 1; c.inj.total(1) < c.opts.faults; round++ {
		if len(c.applies)+len(phaseOneRound) > c.opts.maxApplies || time.Since(c.start) > budget {
			c.logf("    stopping phase one: %d applies, %s spent", len(c.applies), seconds(time.Since(c.start)))
			break
		}
		for _, st := range phaseOneRound {
			st.change(c.model, round)
			if _, err := c.apply(ctx, 1, fmt.Sprintf("r%d: %s", round, st.name), true, extra); err != nil {
				return err
			}
		}
	}
	pending, err := c.inj.clear(ctx)
	if err != nil {
		return err
	}
	c.pending[1] = pending
	if n := c.inj.total(1); n < c.opts.faults {
		c.fail("phase one scheduled %d faults, fewer than the %d asked for", n, c.opts.faults)
	}
	for _, a := range c.applies {
		if a.exitCode != 0 {
			c.fail("phase one: apply %d (%s) failed: %s", a.seq, a.step, strings.Join(a.lines, "; "))
		}
	}
	state, err := c.auditNow(ctx, "after phase one", true)
	if err != nil {
		return err
	}
	// A create that was committed but not answered is answered on its retry with the first
	// response again, the key's secret included; Terraform made every key, so each has it.
	for _, s := range state {
		if s.typ == typeAPIKey && !strings.HasPrefix(s.secret, "klarna_test_api_") && !strings.HasPrefix(s.secret, "klarna_live_api_") {
			c.fail("after phase one: %s (%s) has no secret in state", s.address, s.id)
		}
	}
	return c.planNow(ctx, "after phase one")
}

// auditNow compares the state with the mock and records the result; strict makes orphans
// and missing objects problems too (duplicates always are).
func (c *campaign) auditNow(ctx context.Context, when string, strict bool) ([]stateResource, error) {
	state, err := c.tf.state(ctx)
	if err != nil {
		return nil, err
	}
	accounts, err := c.mock.State(ctx)
	if err != nil {
		return nil, err
	}
	r := audit(state, campaignObjects(accounts))
	c.audits = append(c.audits, auditRow{when: when, auditResult: r})
	c.logf("    audit %s: %d in state, %d on the mock, %d duplicates, %d orphans, %d missing",
		when, r.inState, r.onServer, len(r.duplicates), len(r.orphans), len(r.missing))
	for _, d := range r.duplicates {
		c.fail("%s: duplicate %s %s of %s (%q)", when, d.typ, d.id, d.address, d.description)
	}
	if strict {
		for _, o := range r.orphans {
			c.fail("%s: orphan %s %s (%q), not in state", when, o.typ, o.id, o.description)
		}
		for _, m := range r.missing {
			c.fail("%s: %s (%s) is in state but not on the mock", when, m.address, m.id)
		}
	}
	return state, nil
}

// planNow runs terraform plan -detailed-exitcode, fault-free, and requires exit code 0.
func (c *campaign) planNow(ctx context.Context, when string) error {
	res, err := c.tf.run(ctx, "plan", "-detailed-exitcode", "-input=false", "-json")
	if err != nil {
		return err
	}
	row := planRow{when: when, exitCode: res.exitCode, planned: res.planned}
	if res.exitCode != 0 && res.exitCode != 2 {
		row.errors = res.errorLines()
	}
	c.plans = append(c.plans, row)
	c.logf("    terraform plan -detailed-exitcode %s: exit %d (%s)", when, res.exitCode, planMeaning(res.exitCode))
	if res.exitCode != 0 {
		c.fail("terraform plan %s: exit %d (%s): %s", when, res.exitCode, planMeaning(res.exitCode),
			strings.Join(append(row.planned, row.errors...), "; "))
	}
	return nil
}

func planMeaning(code int) string {
	switch code {
	case 0:
		return "no changes"
	case 2:
		return "changes planned"
	default:
		return "error"
	}
}

// phaseTwo makes creates meet more faults in a row than the client retries, checks what
// the failed applies say, imports what they left behind, and requires an empty plan.
func (c *campaign) phaseTwo(ctx context.Context) error {
	c.section("Phase two: faults that exhaust the retries of a create")
	ownKeys := "/v2/account/credentials/api-keys"
	ownClients := "/v2/account/credentials/client-ids"
	partnerClients := "/v2/accounts/" + c.partner.id + "/credentials/client-ids"
	partnerCerts := "/v2/accounts/" + c.partner.id + "/credentials/client-certificates"
	cmt, drop, timeout := variantIndex("commit_then_drop", 0), variantIndex("drop", 0), variantIndex("timeout", 0)

	// Two new API keys created one at a time: the first meets ten faults in a row.
	k12, err := c.model.add(typeAPIKey, c.own, 12)
	if err != nil {
		return err
	}
	k13, err := c.model.add(typeAPIKey, c.own, 13)
	if err != nil {
		return err
	}
	if err := c.inj.scheduleOn(ctx, http.MethodPost, ownKeys, cmt, 10, 2); err != nil {
		return err
	}
	first, err := c.apply(ctx, 2, "2 API keys, -parallelism=1, 10 commit_then_drop", false,
		"-parallelism=1", "-target="+k12.address(), "-target="+k13.address())
	if err != nil {
		return err
	}
	p1, err := c.inj.clear(ctx)
	if err != nil {
		return err
	}

	// One create on each of three routes at once, each route with ten faults: a
	// replacement that commits, a new client ID that is never made, a new certificate
	// whose first attempt commits and whose retries time out.
	replaced := c.model.find(typeClientID, c.own, 0)
	replaced.keepers++
	newClient, err := c.model.add(typeClientID, c.partner, 10)
	if err != nil {
		return err
	}
	newCert, err := c.model.add(typeCertificate, c.partner, 4)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		path string
		v, n int
	}{
		{ownClients, cmt, 10}, {partnerClients, drop, 10}, {partnerCerts, cmt, 1}, {partnerCerts, timeout, 9},
	} {
		if err := c.inj.scheduleOn(ctx, http.MethodPost, f.path, f.v, f.n, 2); err != nil {
			return err
		}
	}
	second, err := c.apply(ctx, 2, "1 replacement + 2 creates, 10 faults on each POST", false,
		"-target="+replaced.address(), "-target="+newClient.address(), "-target="+newCert.address())
	if err != nil {
		return err
	}
	p2, err := c.inj.clear(ctx)
	if err != nil {
		return err
	}
	c.pending[2] = p1 + p2

	failed := 0
	for _, a := range []*applyRecord{first, second} {
		if a.exitCode == 0 {
			continue
		}
		failed++
		if len(a.errors) == 0 {
			c.failures = append(c.failures, failureRow{seq: a.seq, line: strings.Join(a.lines, "; "), problem: "no error diagnostics in the output"})
		}
		for _, d := range a.errors {
			c.failures = append(c.failures, failureRow{seq: a.seq, address: d.Address, line: diagnostic{Summary: d.Summary, Detail: d.Detail}.firstLine(), problem: c.guidanceProblem(d)})
		}
	}
	if failed == 0 {
		c.fail("phase two: no apply failed, so no create ran out of retries")
	}
	for _, f := range c.failures {
		if f.problem != "" {
			c.fail("phase two: apply %d, %s: %s", f.seq, f.address, f.problem)
		}
	}

	if _, err := c.auditNow(ctx, "after phase two", false); err != nil {
		return err
	}
	c.checkOrphans(newClient.address())
	if err := c.importOrphans(ctx); err != nil {
		return err
	}
	if _, err := c.apply(ctx, 2, "fault-free apply after the imports", false); err != nil {
		return err
	}
	if _, err := c.auditNow(ctx, "after the imports and an apply", true); err != nil {
		return err
	}
	return c.planNow(ctx, "after phase two")
}

// checkOrphans requires the last audit's orphans to be exactly what the failed creates
// made: one for each create whose first attempt was committed, none for the create whose
// attempts were all dropped before anything was done (neverMade).
func (c *campaign) checkOrphans(neverMade string) {
	orphaned := map[string]int{}
	for _, o := range c.audits[len(c.audits)-1].orphans {
		orphaned[o.address]++
	}
	failed := map[string]bool{}
	for _, f := range c.failures {
		failed[f.address] = true
		switch want := f.address != neverMade; {
		case want && orphaned[f.address] != 1:
			c.fail("phase two: the failed create of %s left %d objects, want 1", f.address, orphaned[f.address])
		case !want && orphaned[f.address] != 0:
			c.fail("phase two: the create of %s was dropped every time, yet %d objects exist", f.address, orphaned[f.address])
		}
	}
	for _, addr := range slices.Sorted(maps.Keys(orphaned)) {
		if n := orphaned[addr]; !failed[addr] {
			c.fail("phase two: %d orphans of %s, whose create did not fail", n, addr)
		}
	}
}

// guidanceProblem says what a phase-two error lacks of the guidance a create whose
// outcome is unknown must give, or "" when it has it all.
func (c *campaign) guidanceProblem(d diagnostic) string {
	if !strings.HasPrefix(d.Summary, "Unable to create ") {
		return "not a failed create: " + d.Summary
	}
	detail := strings.ToLower(d.Detail)
	if !strings.Contains(detail, "outcome is unknown") && !strings.Contains(detail, "may or may not have been carried out") {
		return "does not say that the outcome is unknown"
	}
	if !strings.Contains(d.Detail, "import it instead of creating another") {
		return "does not say to import what may have been made"
	}
	typ, _, _ := strings.Cut(d.Address, ".")
	if typ == "" || !strings.Contains(d.Detail, "terraform import "+typ+".") {
		return "gives no terraform import command for the resource type"
	}
	if s := c.specAt(d.Address); s != nil && !s.acct.own && !strings.Contains(d.Detail, s.acct.id+"/") {
		return "the import command does not name the partner account"
	}
	return ""
}

func (c *campaign) specAt(address string) *spec {
	for _, s := range c.model.specs {
		if s.address() == address {
			return s
		}
	}
	return nil
}

// importOrphans imports every object the last audit found outside the state.
func (c *campaign) importOrphans(ctx context.Context) error {
	last := c.audits[len(c.audits)-1]
	for _, o := range last.orphans {
		row := orphanRow{serverObject: o, command: o.importCommand(c.own.id)}
		args := strings.Fields(row.command)[1:]
		res, err := c.tf.run(ctx, append([]string{args[0], "-input=false", "-no-color"}, args[1:]...)...)
		if err != nil {
			return err
		}
		row.result = "imported"
		if res.exitCode != 0 {
			row.result = fmt.Sprintf("FAILED (exit %d, see %s)", res.exitCode, res.logFile)
			c.fail("%s failed", row.command)
		}
		c.logf("    %s: %s", row.command, row.result)
		c.orphans = append(c.orphans, row)
	}
	return nil
}

// destroyAndCheck destroys everything, fault-free, and checks that the mock holds nothing
// the campaign made: no API key or client ID, every certificate revoked.
func (c *campaign) destroyAndCheck(ctx context.Context) error {
	c.section("Destroying everything, fault-free")
	if err := c.ws.writeConfig(c.model); err != nil {
		return err
	}
	res, err := c.tf.run(ctx, "destroy", "-auto-approve", "-input=false", "-json")
	if err != nil {
		return err
	}
	rec := c.record(3, "terraform destroy", res)
	if rec.exitCode != 0 {
		c.fail("terraform destroy failed: %s", strings.Join(rec.lines, "; "))
	}
	accounts, err := c.mock.State(ctx)
	if err != nil {
		return err
	}
	c.final.done = true
	c.final.left = campaignObjects(accounts)
	for _, a := range accounts {
		for _, cert := range a.ClientCertificates {
			if _, ok := addressFromDescription(cert.Description); ok && cert.Status != apirules.CertificateActive {
				c.final.revoked++
			}
		}
	}
	for _, o := range c.final.left {
		c.fail("after the destroy the mock still holds %s %s (%q)", o.typ, o.id, o.description)
	}
	if c.final.violations, err = c.mock.Violations(ctx); err != nil {
		return err
	}
	for _, v := range c.final.violations {
		c.fail("OpenAPI contract violation: %s", v)
	}
	counts, err := c.mock.Requests(ctx)
	if err != nil {
		return err
	}
	c.final.requests = counts.Total
	c.logf("    the mock holds %d objects of the campaign; %d certificates revoked; %d contract violations",
		len(c.final.left), c.final.revoked, len(c.final.violations))
	return nil
}
