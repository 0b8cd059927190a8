//go:build !unix

package main

import (
	"os"
	"os/exec"
	"time"
)

func separateGroup(*exec.Cmd) {}

// ownProcessGroup makes cancelling cmd's context kill it after a grace period; without
// process groups, what cmd started itself is left to cmd.
func ownProcessGroup(cmd *exec.Cmd) { cmd.WaitDelay = 15 * time.Second }

func killProcessGroup(*exec.Cmd) {}

func terminate(p *os.Process) error { return p.Kill() }
