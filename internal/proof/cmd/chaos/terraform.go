package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/proof/harness"
)

// terraform runs the Terraform CLI in the campaign's configuration directory.
type terraform struct {
	bin    string
	dir    string
	env    []string
	logDir string
	runs   int
}

// diagnostic is an error Terraform reported.
type diagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
}

// firstLine is the diagnostic as one line: address, summary and the detail's first line.
func (d diagnostic) firstLine() string {
	s := d.Summary
	if d.Address != "" {
		s = d.Address + ": " + s
	}
	if first, _, _ := strings.Cut(strings.TrimSpace(d.Detail), "\n"); first != "" {
		s += ": " + first
	}
	return s
}

// changes is Terraform's change summary.
type changes struct {
	Add       int    `json:"add"`
	Change    int    `json:"change"`
	Import    int    `json:"import"`
	Remove    int    `json:"remove"`
	Operation string `json:"operation"`
}

func (c changes) String() string {
	return fmt.Sprintf("+%d ~%d -%d", c.Add, c.Change, c.Remove)
}

// tfResult is one Terraform command's outcome.
type tfResult struct {
	args     []string
	exitCode int
	duration time.Duration
	errors   []diagnostic
	planned  []string // planned changes of a plan: "<action> <address>"
	changes  changes
	stdout   []byte
	stderr   []byte
	logFile  string
	// providerLog holds the provider's DEBUG log, one line per HTTP attempt among others.
	providerLog string
}

// run runs terraform with args; a non-zero exit is a result, not an error. With -json in
// args the machine-readable output is parsed for errors and the change summary.
func (t *terraform) run(ctx context.Context, args ...string) (*tfResult, error) {
	t.runs++
	start := time.Now()
	providerLog := filepath.Join(t.logDir, fmt.Sprintf("%03d-terraform-%s-provider.log", t.runs, args[0]))
	var stdout, stderr bytes.Buffer
	run, err := harness.RunTerraform(ctx, harness.Command{
		Bin: t.bin, Dir: t.dir, Args: args, Stdout: &stdout, Stderr: &stderr,
		Env: append(t.env[:len(t.env):len(t.env)], "TF_LOG_PROVIDER=DEBUG", "TF_LOG_PATH="+providerLog),
	})
	res := &tfResult{args: args, duration: time.Since(start), stdout: stdout.Bytes(), stderr: stderr.Bytes(), providerLog: providerLog, exitCode: run.ExitCode}
	res.logFile = filepath.Join(t.logDir, fmt.Sprintf("%03d-terraform-%s.log", t.runs, args[0]))
	logged := append(append([]byte(nil), res.stdout...), res.stderr...)
	if werr := os.WriteFile(res.logFile, logged, 0o600); werr != nil {
		return nil, werr
	}
	if err != nil {
		return nil, err
	}
	res.parseJSON()
	return res, nil
}

// parseJSON reads Terraform's -json lines; other lines are left to the log file.
func (r *tfResult) parseJSON() {
	sc := bufio.NewScanner(bytes.NewReader(r.stdout))
	sc.Buffer(make([]byte, 0, 64<<10), 8<<20)
	for sc.Scan() {
		var msg struct {
			Type       string      `json:"type"`
			Diagnostic *diagnostic `json:"diagnostic"`
			Changes    *changes    `json:"changes"`
			Change     *struct {
				Resource struct {
					Addr string `json:"addr"`
				} `json:"resource"`
				Action string `json:"action"`
			} `json:"change"`
		}
		if json.Unmarshal(sc.Bytes(), &msg) != nil {
			continue
		}
		switch {
		case msg.Type == "diagnostic" && msg.Diagnostic != nil && msg.Diagnostic.Severity == "error":
			r.errors = append(r.errors, *msg.Diagnostic)
		case msg.Type == "change_summary" && msg.Changes != nil:
			r.changes = *msg.Changes
		case msg.Type == "planned_change" && msg.Change != nil:
			r.planned = append(r.planned, msg.Change.Action+" "+msg.Change.Resource.Addr)
		}
	}
}

// errorLines are the first lines of the errors, or the output's last line when a failed
// command reported none in JSON.
func (r *tfResult) errorLines() []string {
	var out []string
	for _, d := range r.errors {
		out = append(out, d.firstLine())
	}
	if len(out) == 0 && r.exitCode != 0 {
		lines := strings.Split(strings.TrimSpace(string(r.stderr)+"\n"+string(r.stdout)), "\n")
		out = append(out, fmt.Sprintf("exit %d: %s", r.exitCode, lines[len(lines)-1]))
	}
	return out
}

// stateResource is one resource instance of the Terraform state.
type stateResource struct {
	address   string
	typ       string
	id        string
	accountID string
	secret    string // an API key's api_key
}

// state reads the resources of the campaign's types from terraform show -json.
func (t *terraform) state(ctx context.Context) ([]stateResource, error) {
	res, err := t.run(ctx, "show", "-json", "-no-color")
	if err != nil {
		return nil, err
	}
	if res.exitCode != 0 {
		return nil, fmt.Errorf("terraform show failed (exit %d); see %s", res.exitCode, res.logFile)
	}
	var doc struct {
		Values *struct {
			RootModule struct {
				Resources []struct {
					Address string `json:"address"`
					Type    string `json:"type"`
					Values  struct {
						ID        string `json:"id"`
						AccountID string `json:"account_id"`
						APIKey    string `json:"api_key"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(res.stdout), &doc); err != nil {
		return nil, fmt.Errorf("reading terraform show -json: %w", err)
	}
	var out []stateResource
	if doc.Values == nil {
		return out, nil
	}
	for _, r := range doc.Values.RootModule.Resources {
		switch r.Type {
		case typeAPIKey, typeClientID, typeCertificate:
			out = append(out, stateResource{address: r.Address, typ: r.Type, id: r.Values.ID, accountID: r.Values.AccountID, secret: r.Values.APIKey})
		}
	}
	return out, nil
}
