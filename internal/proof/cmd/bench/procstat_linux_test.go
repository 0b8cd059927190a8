package main

import (
	"os"
	"testing"
	"time"
)

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
