//go:build !linux

package main

import (
	"fmt"
	"runtime"
	"time"
)

// checkPlatform refuses to run: the benchmark measures processes through /proc.
func checkPlatform() error {
	return fmt.Errorf("the benchmark measures processes through /proc and runs on Linux only, not %s", runtime.GOOS)
}

func (p *procWatch) sample() {}

func machineLoad(string) string { return "unknown" }

func machineBusy() (time.Duration, error) { return 0, checkPlatform() }

func selfCPU() (time.Duration, error) { return 0, checkPlatform() }

func processCPU(int) (time.Duration, error) { return 0, checkPlatform() }
