package main

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

func TestCheckLoopback_refusesAnythingOffThisMachine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://127.0.0.1:8443", true},
		{"https://127.0.0.2:1234/v2", true},
		{"https://[::1]:8443", true},
		{"https://localhost:8443", true},
		{"https://api-global.test.klarna.com", false},
		{"https://api-global.klarna.com", false},
		{"https://10.0.0.1:8443", false},
		{"https://0.0.0.0:8443", false},
		{"http://127.0.0.1:8443", false},
		{"https://127.0.0.1.nip.io", false},
		{"::not a url", false},
	}
	for _, tt := range tests {
		err := checkLoopback(tt.url)
		if (err == nil) != tt.ok {
			t.Errorf("checkLoopback(%q) = %v, want ok=%v", tt.url, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "Klarna forbids load testing") {
			t.Errorf("checkLoopback(%q) error %q does not say why", tt.url, err)
		}
	}
}

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

func TestProcessStats_ofThisProcess(t *testing.T) {
	t.Parallel()
	rss, err := processPeakRSS(os.Getpid())
	if err != nil || rss < 1<<20 {
		t.Errorf("processPeakRSS(self) = %d, %v; want at least 1 MiB", rss, err)
	}
	// Burn a little CPU so that at least one clock tick is counted.
	deadline := time.Now().Add(50 * time.Millisecond)
	for x := 0; time.Now().Before(deadline); x++ {
		_ = x * x
	}
	if cpu, err := processCPU(os.Getpid()); err != nil || cpu <= 0 {
		t.Errorf("processCPU(self) = %v, %v; want more than 0", cpu, err)
	}
}

func TestKindConfig_distinctDescriptionsAndCount(t *testing.T) {
	t.Parallel()
	w := &workspace{klarnaBin: "/k", noopBin: "/n"}
	klarna, noop, data := w.kinds()
	for _, k := range []kind{klarna, noop, data} {
		cfg := k.config(7)
		if !strings.Contains(cfg, `resource "`+k.name+`" "bench"`) || !strings.Contains(cfg, "= 7\n") || !strings.Contains(cfg, "${count.index}") {
			t.Errorf("config of %s:\n%s", k.name, cfg)
		}
	}
}
