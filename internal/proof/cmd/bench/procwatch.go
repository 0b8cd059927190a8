package main

import (
	"sync"
	"time"
)

// pollInterval is how often provider processes are sampled.
const pollInterval = 50 * time.Millisecond

// procStats sums up the provider processes of one Terraform command.
type procStats struct {
	peakRSS   int64         // bytes: the largest VmHWM or VmRSS seen in any one process
	cpu       time.Duration // user and system time, summed over the processes (last sample of each)
	processes int           // provider processes seen
}

// procWatch samples every process whose executable is exe, from /proc, until stopped.
// Terraform starts the provider as its child, sometimes more than once per command.
type procWatch struct {
	exe  string
	quit chan struct{}
	done chan struct{}

	mu   sync.Mutex
	peak map[int]int64
	cpu  map[int]time.Duration
}

// watchProcesses starts sampling; with exe "" it samples nothing.
func watchProcesses(exe string) *procWatch {
	p := &procWatch{exe: exe, quit: make(chan struct{}), done: make(chan struct{}), peak: map[int]int64{}, cpu: map[int]time.Duration{}}
	go p.loop()
	return p
}

func (p *procWatch) loop() {
	defer close(p.done)
	if p.exe == "" {
		<-p.quit
		return
	}
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		p.sample()
		select {
		case <-p.quit:
			return
		case <-tick.C:
		}
	}
}

// stop ends the sampling and returns what was seen.
func (p *procWatch) stop() procStats {
	close(p.quit)
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	var s procStats
	for pid, rss := range p.peak {
		s.peakRSS = max(s.peakRSS, rss)
		s.cpu += p.cpu[pid]
		s.processes++
	}
	return s
}
