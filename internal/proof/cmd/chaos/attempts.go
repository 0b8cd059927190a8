package main

import (
	"bufio"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The provider's HTTP client logs every attempt at DEBUG ("Sending API request") with the
// attempt number, the Partner-Correlation-Id it keeps for all attempts of one operation
// and, for POST and PATCH, the idempotency key. Terraform writes those lines to the file
// TF_LOG_PATH names when TF_LOG_PROVIDER=DEBUG.
var (
	logAttempt        = regexp.MustCompile(`\battempt=(\d+)\b`)
	logCorrelationID  = regexp.MustCompile(`\bpartner_correlation_id=([0-9A-Za-z]+)`)
	logIdempotencyKey = regexp.MustCompile(`\bidempotency_key=(\S+)`)
	logMethod         = regexp.MustCompile(`\bmethod=([A-Z]+)`)
	logRoute          = regexp.MustCompile(`\broute=(\S+)`)
)

// operation is one logical call of the provider's client.
type operation struct {
	attempts int
	route    string
	keys     map[string]bool // idempotency keys its attempts sent
}

// operationStats are the operations of some Terraform runs, by attempts needed.
type operationStats struct {
	ops map[string]*operation // by Partner-Correlation-Id
}

func newOperationStats() *operationStats { return &operationStats{ops: map[string]*operation{}} }

// read adds the attempts a provider log records.
func (s *operationStats) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.Contains(line, "Sending API request") {
			continue
		}
		a, id := logAttempt.FindStringSubmatch(line), logCorrelationID.FindStringSubmatch(line)
		if a == nil || id == nil {
			continue
		}
		n, _ := strconv.Atoi(a[1])
		op := s.ops[id[1]]
		if op == nil {
			op = &operation{keys: map[string]bool{}}
			if m, r := logMethod.FindStringSubmatch(line), logRoute.FindStringSubmatch(line); m != nil && r != nil {
				op.route = m[1] + " " + r[1]
			}
			s.ops[id[1]] = op
		}
		op.attempts = max(op.attempts, n)
		if k := logIdempotencyKey.FindStringSubmatch(line); k != nil {
			op.keys[k[1]] = true
		}
	}
	return sc.Err()
}

func (s *operationStats) readFile(path string) error {
	f, err := os.Open(path) //nolint:gosec // a log file this program had Terraform write
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }() // opened for reading: closing tells nothing
	return s.read(f)
}

// histogram counts operations by attempts needed; index 0 is unused.
func (s *operationStats) histogram() []int {
	out := []int{0}
	for _, op := range s.ops {
		for len(out) <= op.attempts {
			out = append(out, 0)
		}
		out[op.attempts]++
	}
	return out
}

// most is the largest number of attempts an operation needed and that operation's route.
func (s *operationStats) most() (int, string) {
	n, route := 0, ""
	for _, op := range s.ops {
		if op.attempts > n || (op.attempts == n && op.route < route) {
			n, route = op.attempts, op.route
		}
	}
	return n, route
}

// keyChanges counts operations whose attempts did not all send the same idempotency key.
func (s *operationStats) keyChanges() int {
	n := 0
	for _, op := range s.ops {
		if len(op.keys) > 1 {
			n++
		}
	}
	return n
}

// checkOperations reads the provider's logs of every apply: how many attempts each
// operation needed, and whether every attempt of an operation sent the same idempotency key.
func (c *campaign) checkOperations() {
	c.opStats = map[int]*operationStats{}
	for _, a := range c.applies {
		s := c.opStats[a.phase]
		if s == nil {
			s = newOperationStats()
			c.opStats[a.phase] = s
		}
		if err := s.readFile(a.logs); err != nil {
			c.opErrors = append(c.opErrors, err.Error())
		}
	}
	c.checkKeyChanges()
}

// checkKeyChanges fails the campaign for every phase, in phase order, in which an
// operation's attempts sent more than one idempotency key.
func (c *campaign) checkKeyChanges() {
	for _, p := range slices.Sorted(maps.Keys(c.opStats)) {
		if n := c.opStats[p].keyChanges(); n > 0 {
			c.fail("phase %s: %d operations sent more than one idempotency key across their attempts", phaseName(p), n)
		}
	}
}
