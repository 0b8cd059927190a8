//go:build unix

package harness

import (
	"os"
	"os/exec"
	"syscall"
)

// ownGroup starts cmd in a process group of its own: a Ctrl-C at the terminal reaches the
// proof tool only, which then stops what it started in order, and the group can be
// stopped as a whole (Terraform and the provider plugins it started).
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// interruptGroup asks cmd's process group to stop, as a Ctrl-C would.
func interruptGroup(cmd *exec.Cmd) error {
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
}

// killGroup kills what is left of cmd's process group: its leader may be gone while
// members it started still hold the group.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		// ESRCH, the only likely error, means the group is gone already, which is the goal.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// terminate asks a process to stop.
func terminate(p *os.Process) error { return p.Signal(syscall.SIGTERM) }
