package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestMedian_oddEvenAndEmpty(t *testing.T) {
	t.Parallel()
	s := time.Second
	tests := []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{3 * s}, 3 * s},
		{[]time.Duration{9 * s, 1 * s, 5 * s}, 5 * s},
		{[]time.Duration{4 * s, 1 * s, 2 * s, 100 * s}, 3 * s},
	}
	for _, tt := range tests {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseFlags_quickSetsSmallDefaultsOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args       []string
		n, runs    int
		quick, bad bool
	}{
		{nil, 500, 3, false, false},
		{[]string{"-quick"}, 50, 1, true, false},
		{[]string{"-quick", "-n", "200"}, 200, 1, true, false},
		{[]string{"-runs", "0"}, 0, 0, false, true},
		{[]string{"-rate-limit", "0"}, 0, 0, false, true},
		{[]string{"extra"}, 0, 0, false, true},
	}
	for _, tt := range tests {
		o, err := parseFlags(tt.args, io.Discard)
		if tt.bad {
			if err == nil {
				t.Errorf("parseFlags(%q) accepted bad flags", tt.args)
			}
			continue
		}
		if err != nil || o.n != tt.n || o.runs != tt.runs || o.quick != tt.quick {
			t.Errorf("parseFlags(%q) = n %d runs %d quick %v, %v; want n %d runs %d quick %v", tt.args, o.n, o.runs, o.quick, err, tt.n, tt.runs, tt.quick)
		}
	}
}

func TestKindConfig_distinctDescriptionsAndCount(t *testing.T) {
	t.Parallel()
	w := &workspace{klarnaBin: "/k", noopBin: "/n"}
	ks := w.kinds()
	names := map[string]bool{}
	for _, k := range ks.all() {
		names[k.name] = true
		cfg := k.config(7)
		if !strings.Contains(cfg, `resource "`+k.name+`" "bench"`) || !strings.Contains(cfg, "= 7\n") || !strings.Contains(cfg, "${count.index}") {
			t.Errorf("config of %s:\n%s", k.name, cfg)
		}
	}
	for _, want := range []string{"klarna_api_key", "noop_thing", "noop_wide_thing", "terraform_data"} {
		if !names[want] {
			t.Errorf("kinds() has no %s; it has %v", want, names)
		}
	}
}

func TestKindConfig_sameSchemaNoopMatchesKlarna(t *testing.T) {
	t.Parallel()
	ks := (&workspace{klarnaBin: "/k", noopBin: "/n"}).kinds()
	if ks.wide.watch != ks.noop.watch || ks.wide.mock {
		t.Errorf("noop_wide_thing watches %q (mock %v); want the no-op provider %q and no mock", ks.wide.watch, ks.wide.mock, ks.noop.watch)
	}
	// Both configurations set the same description, so the states differ only in computed values.
	const want = `description = "bench key ${count.index}"`
	for _, k := range []kind{ks.klarna, ks.wide} {
		if cfg := k.config(3); !strings.Contains(cfg, want) {
			t.Errorf("config of %s does not set %s:\n%s", k.name, want, cfg)
		}
	}
	if cfg := ks.wide.config(3); !strings.Contains(cfg, `source = "partnerops/noop"`) || strings.Contains(cfg, "klarna") {
		t.Errorf("config of noop_wide_thing does not use the no-op provider alone:\n%s", cfg)
	}
}

func TestSchemaShare_partOfTheGapTheSameSchemaNoopTakes(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	tests := []struct {
		klarna, noop, wide time.Duration
		want               string
	}{
		{3000 * ms, 1000 * ms, 2200 * ms, "apply 1.20 of 2.00 s (60%)"},
		{3000 * ms, 1000 * ms, 900 * ms, "apply -0.10 of 2.00 s (-5%)"},
		{1000 * ms, 1000 * ms, 1500 * ms, "apply none (klarna_api_key took no longer than noop_thing)"},
		{900 * ms, 1000 * ms, 1500 * ms, "apply none (klarna_api_key took no longer than noop_thing)"},
	}
	for _, tt := range tests {
		if got := schemaShare(phaseApply, tt.klarna, tt.noop, tt.wide); got != tt.want {
			t.Errorf("schemaShare(%v, %v, %v) = %q, want %q", tt.klarna, tt.noop, tt.wide, got, tt.want)
		}
	}
}
