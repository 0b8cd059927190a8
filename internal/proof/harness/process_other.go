//go:build !unix

package harness

import (
	"os"
	"os/exec"
)

// Without process groups, what a command started itself is left to the command.

func ownGroup(*exec.Cmd) {}

func interruptGroup(cmd *exec.Cmd) error { return cmd.Process.Kill() }

func killGroup(*exec.Cmd) {}

func terminate(p *os.Process) error { return p.Kill() }
