// Command bench measures terraform-provider-klarna with the real Terraform CLI against the
// in-repo mock API, beside references: a no-op provider on the same plugin framework
// (internal/proof/noopprovider, the framework's floor: a plugin process and gRPC for every
// resource, no API behind it), the same no-op provider's resource with klarna_api_key's
// schema (the cost of that schema alone) and Terraform's built-in terraform_data (no
// plugin at all).
// It prints the figures, and the provider's performance goals as PASS or MISS, as
// plain-text tables on stdout; progress goes to stderr.
//
//	make bench BENCH_FLAGS='[-n 500] [-runs 3] [-quick] [-rate-limit 20] [-cpuprofile DIR]'
//	make bench BENCH_FLAGS='-scale-only [-scale-size 200] [-scale-accounts 20] [-scale-hold 200]
//	    [-scale-kinds all|keys,client-ids,certificates,grants,hold] [-scale-baseline] [-runs 3]'
//
// The scale section (section 8; -skip-scale leaves it out) spreads each kind of resource
// over many accounts of a rate-limited, slow mock. Its defaults are small, to keep a run
// short; the world of the provider's scale goals is -scale-size 1000 -scale-accounts 100
// -scale-hold 1000. -scale-baseline adds each kind measured with the provider built to
// refresh with a GET per resource and never pace itself, as it did before refresh by
// account and learned pacing (a link-time switch of the client that no user can set).
//
// It is a program, not a test: a missed goal is reported and the exit status is still 0.
// It exits non-zero only when something could not be run, and with 130 when interrupted.
// The provider is only ever pointed at a mock on a loopback address: Klarna forbids load
// testing its APIs. Every process it starts is stopped before it exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

// Terraform's default -parallelism, given explicitly so the figures say what they used.
const parallelism = 10

// Sizes of the growth and memory measurements.
const (
	smallN = 100
	largeN = 1000
)

// Goals the report checks.
const (
	goalApplyRatio   = 1.3  // klarna apply time / no-op apply time
	goalPlanRatio    = 1.5  // klarna plan time / no-op plan time
	goalDestroyRatio = 1.3  // klarna destroy time / no-op destroy time
	goalRateSlack    = 1.15 // apply time under a rate limit / (N / limit)
	goalMemoryRatio  = 1.3  // klarna peak RSS / no-op peak RSS
	goalGrowthRatio  = 1.1  // klarna growth / no-op growth
)

type options struct {
	n          int
	runs       int
	quick      bool
	rateLimit  float64
	terraform  string
	cpuProfile string
	scale      scaleOptions
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	interrupted := ctx.Err() != nil
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	case interrupted:
		fmt.Fprintln(os.Stderr, "bench: interrupted; every process it started has been stopped")
		os.Exit(130)
	default:
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.n, "n", 500, "resources per configuration")
	fs.IntVar(&o.runs, "runs", 3, "runs of each measurement; medians are reported")
	fs.BoolVar(&o.quick, "quick", false, "smoke test: -n 50 -runs 1, no memory or growth measurements")
	fs.Float64Var(&o.rateLimit, "rate-limit", 20, "requests per second of the rate-limited mock")
	fs.StringVar(&o.terraform, "terraform", "terraform", "the Terraform CLI to run")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write CPU profiles of every provider process under this directory "+
		"(the Klarna provider is then built from a copy of main.go that profiles; timings include the profiler's cost)")
	addScaleFlags(fs, &o.scale)
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := o.scale.check(); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if o.quick {
		if !set["n"] {
			o.n = 50
		}
		if !set["runs"] {
			o.runs = 1
		}
	}
	switch {
	case o.n < 1 || o.n > 10000:
		return o, fmt.Errorf("-n must be between 1 and 10000, got %d", o.n)
	case o.runs < 1 || o.runs > 20:
		return o, fmt.Errorf("-runs must be between 1 and 20, got %d", o.runs)
	case o.rateLimit <= 0:
		return o, fmt.Errorf("-rate-limit must be more than 0, got %g", o.rateLimit)
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := checkPlatform(); err != nil {
		return err
	}
	w, err := newWorkspace(ctx, o, stderr)
	if err != nil {
		return err
	}
	defer w.close()

	started := time.Now()
	out := &output{w: stdout}
	printHeader(out, o, w)
	if o.scale.only {
		return runScaleSection(ctx, w, out, o, started)
	}

	base, err := w.measureMain(ctx, o)
	if err != nil {
		return err
	}
	printTimes(out, o, base)
	printAPICalls(out, o, base)

	rl, err := w.measureRateLimit(ctx, o)
	if err != nil {
		return err
	}
	printRateLimit(out, o, rl)

	mc, err := w.measureMockCost(ctx, o, base)
	if err != nil {
		return err
	}
	printMockCost(out, o, mc)

	if o.quick {
		out.printf("\n6. Memory and 7. Growth: skipped (-quick)\n")
	} else {
		g, err := w.measureGrowth(ctx, o, base)
		if err != nil {
			return err
		}
		printMemory(out, o, g)
		printGrowth(out, o, g)
	}
	if !o.scale.skip {
		sr, err := w.measureScale(ctx, o)
		if err != nil {
			return err
		}
		printScale(out, o, sr)
	}
	if o.cpuProfile != "" {
		out.printf("\nCPU profiles of the provider processes are in %s (one directory per run and phase).\n", o.cpuProfile)
	}
	out.printf("\nAt the end: %s\n", machineLoad(w.terraform))
	n := w.noise
	out.printf("Other processes used %s of CPU during the measured commands, %.1f%% of the machine; "+
		"they used more than %.0f%% of it during %d of %d commands", secs(n.other), 100*ratio(n.other, n.capacity),
		100*noiseThreshold, n.disturbed, n.commands)
	if n.disturbed > 0 {
		out.printf(" (those timings are noisy)")
	}
	out.printf("\n")
	out.printf("Total time of the benchmark: %s\n", time.Since(started).Round(time.Second))
	if out.err != nil {
		return fmt.Errorf("writing the report: %w", out.err)
	}
	return nil
}

func printHeader(out *output, o options, w *workspace) {
	t := newTable(out, "terraform-provider-klarna benchmark")
	t.row("date", time.Now().UTC().Format(time.RFC3339))
	t.row("machine", fmt.Sprintf("%d cores (runtime.NumCPU), %s/%s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH))
	t.row("terraform", w.tfVersion+" ("+w.terraform+")")
	t.row("go", runtime.Version())
	t.row("machine load", machineLoad(w.terraform))
	t.row("resources", fmt.Sprintf("N=%d per configuration, one resource block with count", o.n))
	t.row("runs", fmt.Sprintf("%d of each measurement, medians reported; kinds interleaved run by run", o.runs))
	t.row("terraform flags", fmt.Sprintf("-parallelism=%d (Terraform's default), TF_IN_AUTOMATION=1, CHECKPOINT_DISABLE=1, no terraform init (dev_overrides)", parallelism))
	t.row("klarna provider", "KLARNA_BASE_URL, KLARNA_API_KEY, KLARNA_CA_CERTIFICATE_FILE from the mock's bootstrap.json")
	t.row("mock API", "internal/cmd/mockapi -quiet on 127.0.0.1, a fresh one for every klarna run, contract validation on unless said")
	t.row("references", "noop_thing: no-op provider on the same framework; noop_wide_thing: the same no-op provider with "+
		"klarna_api_key's schema; terraform_data: built into Terraform")
	t.row("logging", "no TF_LOG* set; both providers silence their loggers when no TF_LOG* is set")
	t.flush()
}
