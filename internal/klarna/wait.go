package klarna

import (
	"context"
	"sync"
	"time"
)

// WaitTally adds up the time the client spent waiting between the attempts of the
// operations made with one context, so that a caller can tell its user when an operation
// was slow because the API asked it to wait (429 Retry-After) or could not answer.
type WaitTally struct {
	mu    sync.Mutex
	total time.Duration
	waits int
	last  string // what the latest wait was for
}

type waitTallyKey struct{}

// WithWaitTally returns a context whose operations add their waits to the returned tally.
func WithWaitTally(ctx context.Context) (context.Context, *WaitTally) {
	t := &WaitTally{}
	return context.WithValue(ctx, waitTallyKey{}, t), t
}

// Total is the time waited so far, and how many waits made it up.
func (t *WaitTally) Total() (time.Duration, int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.total, t.waits
}

// Last says what the latest wait was for: the request and the answer that caused it.
func (t *WaitTally) Last() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last
}

// Add counts one wait of d, for the reason given.
func (t *WaitTally) Add(d time.Duration, reason string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.total += d
	t.waits++
	t.last = Redact(reason)
}

func recordWait(ctx context.Context, d time.Duration, request string, cause error) {
	if t, ok := ctx.Value(waitTallyKey{}).(*WaitTally); ok {
		t.Add(d, request+": "+cause.Error())
	}
}
