//go:build unix

package main

import (
	"os"
	"os/exec"
	"syscall"
	"time"
)

// separateGroup starts cmd in a process group of its own: a Ctrl-C at the terminal reaches
// this program only, which then stops what it started in order.
func separateGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// ownProcessGroup starts cmd in a process group of its own, so that stopping it also stops
// what it started (Terraform's provider plugins), and makes cancelling its context ask
// the group to stop (SIGTERM) before cmd is killed.
func ownProcessGroup(cmd *exec.Cmd) {
	separateGroup(cmd)
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }
	cmd.WaitDelay = 15 * time.Second
}

// killProcessGroup kills what is left of the process group of a cmd that was cancelled:
// its leader is gone, but members it started may still hold the group. (A cmd that exited
// by itself has stopped its own children.)
func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// terminate asks a process to stop.
func terminate(p *os.Process) error { return p.Signal(syscall.SIGTERM) }
