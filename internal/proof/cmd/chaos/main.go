// Command chaos runs a bounded fault campaign: it builds the provider and the standalone
// mock API, starts the mock on loopback, and applies a configuration of API keys, client
// IDs and client certificates in two accounts with the real Terraform CLI while the mock
// injects faults, then prints what it found as plain-text tables.
//
//	make chaos CHAOS_FLAGS='[-timeout 20m] [-faults 1000] [-burst 3] [-keep]'
//
// Phase one keeps faults flowing that the provider's retries must absorb: no apply may
// fail, nothing may be duplicated or orphaned, and the plan afterwards must be empty.
// Phase two makes some creates meet more faults in a row than their retries absorb: every
// failed create must say that its outcome is unknown and how to import what it may have
// made; the campaign then imports the orphans, applies, requires an empty plan, destroys
// everything and checks that the mock holds nothing the campaign made. It exits non-zero
// when any of that fails.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/proof/harness"
)

type options struct {
	timeout     time.Duration
	faults      int
	burst       int
	maxApplies  int
	parallelism int
	terraform   string
	keep        bool
}

// parseFlags reads the flags; usage and flag errors go to stderr.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("chaos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&o.timeout, "timeout", 20*time.Minute, "stop everything and fail after this long")
	fs.IntVar(&o.faults, "faults", 1000, "faults to schedule in phase one before it may end")
	fs.IntVar(&o.burst, "burst", 3, "faults pending at most on one route in phase one")
	fs.IntVar(&o.maxApplies, "max-applies", 60, "applies at most in phase one")
	fs.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism in phase one")
	fs.StringVar(&o.terraform, "terraform", "terraform", "the Terraform CLI to run")
	fs.BoolVar(&o.keep, "keep", false, "keep the working directory (logs, state, configuration) even when the campaign passes")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.timeout <= 0:
		return o, errors.New("-timeout must be positive")
	case o.faults < 1:
		return o, errors.New("-faults must be at least 1")
	// A burst must stay well below the client's retries, which every operation needs
	// to absorb a burst and then succeed.
	case o.burst < 1 || o.burst > klarna.DefaultMaxRetries/2:
		return o, fmt.Errorf("-burst must be between 1 and %d", klarna.DefaultMaxRetries/2)
	case o.maxApplies < 5:
		return o, errors.New("-max-applies must be at least 5")
	case o.parallelism < 1:
		return o, errors.New("-parallelism must be at least 1")
	}
	return o, nil
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout))
}

func run(args []string, out io.Writer) int {
	opts, err := parseFlags(args, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "chaos:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, opts.timeout)
	defer cancel()

	c := &campaign{opts: opts, out: &printer{w: out}, start: time.Now()}
	defer c.stop() // also when a panic unwinds
	err = c.run(ctx)
	switch {
	case err == nil:
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		c.fail("the campaign did not finish within -timeout %s: %v", opts.timeout, err)
	case ctx.Err() != nil:
		c.fail("interrupted: %v", err)
	default:
		c.fail("%v", err)
	}
	c.stop()
	c.checkOperations()
	c.report()
	if c.ws != nil {
		if len(c.problems) > 0 || opts.keep {
			c.out.printf("\nThe working directory is kept: %s (Terraform logs in logs/, the mock's log in mock.log)\n", c.ws.dir)
		} else if err := c.ws.remove(); err != nil {
			c.out.printf("\nremoving %s: %v\n", c.ws.dir, err)
		}
	}
	if len(c.problems) > 0 || c.out.err != nil {
		return 1
	}
	return 0
}

// campaign is one run of the fault campaign.
type campaign struct {
	opts  options
	out   *printer
	start time.Time

	ws      *workspace
	mock    *harness.Mock
	tf      *terraform
	tfBin   string
	model   *model
	inj     *injector
	own     *account
	partner *account
	pending map[int]int // faults still pending when each phase cleared them
	applies []*applyRecord
	// faultMark is how many faults were scheduled when the last apply was recorded.
	faultMark int
	audits    []auditRow
	plans     []planRow
	failures  []failureRow
	orphans   []orphanRow
	final     finalCheck
	opStats   map[int]*operationStats // by phase, from the provider's logs
	opErrors  []string
	problems  []string
}

// fail records a reason for the campaign to exit non-zero.
func (c *campaign) fail(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *campaign) logf(format string, args ...any) {
	c.out.printf(format+"\n", args...)
}

func (c *campaign) run(ctx context.Context) error {
	root, err := harness.ModuleRoot()
	if err != nil {
		return err
	}
	if c.tfBin, err = harness.FindTerraform(c.opts.terraform); err != nil {
		return err
	}
	if c.ws, err = newWorkspace(); err != nil {
		return err
	}
	c.logf("==> Building the provider and the mock API (working directory %s)", c.ws.dir)
	if err := c.ws.build(ctx, root); err != nil {
		return err
	}
	if err := c.ws.startMock(ctx); err != nil {
		return err
	}
	c.mock = c.ws.mock
	if c.tf, err = c.ws.terraform(c.tfBin); err != nil {
		return err
	}
	c.own = &account{tag: "own", id: c.mock.Bootstrap.AccountID, own: true}
	c.partner = &account{tag: "partner", id: c.mock.Bootstrap.PartnerAccountIDs[0]}
	if c.model, err = newModel([]*account{c.own, c.partner}); err != nil {
		return err
	}
	c.inj = newInjector(c.mock, campaignRoutes(c.partner.id), c.opts.burst)
	c.pending = map[int]int{}
	c.logf("    mock API at %s; accounts %s (own) and %s (partner)", c.mock.Bootstrap.BaseURL, c.own.id, c.partner.id)
	c.logf("    %s; %d resources; faults on %d routes, at most %d pending per route, %s rest after each burst",
		c.tfBin, c.model.present(), len(c.inj.routes), c.opts.burst, c.inj.cooldown)

	if err := c.phaseOne(ctx); err != nil {
		return err
	}
	if err := c.phaseTwo(ctx); err != nil {
		return err
	}
	return c.destroyAndCheck(ctx)
}

// stop stops the mock; Terraform runs have stopped with their commands.
func (c *campaign) stop() {
	if c.ws != nil {
		c.ws.stopMock()
	}
}
