// Package clock gives the provider and the mock API one notion of "now" that tests can move.
package clock

import (
	"fmt"
	"sync"
	"time"
)

// Clock tells the current time.
type Clock interface {
	Now() time.Time
}

// Real is the wall clock.
type Real struct{}

// Now returns the wall-clock time in UTC.
func (Real) Now() time.Time { return time.Now().UTC() }

// Offset runs at real speed from a starting point that can only move forward.
// It is the mock API's clock: it starts at the real time, and Advance and Set
// add to it without ever moving it back.
type Offset struct {
	mu     sync.RWMutex
	offset time.Duration
	now    func() time.Time
}

// NewOffset returns a clock that reads the wall clock until it is moved.
func NewOffset() *Offset {
	return &Offset{now: time.Now}
}

// Now returns the wall-clock time plus every advance made so far, in UTC.
func (c *Offset) Now() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.now().Add(c.offset).UTC()
}

// Advance moves the clock forward by d. A negative d is refused.
func (c *Offset) Advance(d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, fmt.Errorf("the clock never moves back: advance %s is negative", d)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
	return c.now().Add(c.offset).UTC(), nil
}

// Set moves the clock forward to t. A t before the current time is refused.
func (c *Offset) Set(t time.Time) (time.Time, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cur := c.now().Add(c.offset)
	if t.Before(cur) {
		return time.Time{}, fmt.Errorf("the clock never moves back: %s is before the current time %s",
			t.UTC().Format(time.RFC3339), cur.UTC().Format(time.RFC3339))
	}
	c.offset += t.Sub(cur)
	return t.UTC(), nil
}

// Remote follows another party's clock, such as an API server's: it reads a local clock plus
// the offset last observed between the two. Before the first observation it reads the local
// clock alone. Each observation replaces the previous one, so a clock that is moved, on
// either side, is followed from the next observation on.
type Remote struct {
	local Clock

	mu       sync.RWMutex
	offset   time.Duration
	observed bool
}

// NewRemote returns a clock that follows a remote clock from the local clock local.
func NewRemote(local Clock) *Remote {
	return &Remote{local: local}
}

// Observe records that the remote clock read remote when the local clock read local. A
// caller that knows the remote time only within bounds gives its lower bound, so that Now
// never runs ahead of the remote clock.
func (r *Remote) Observe(remote, local time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.offset = remote.Sub(local)
	r.observed = true
}

// Observed reports whether an offset was observed yet.
func (r *Remote) Observed() bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.observed
}

// Local is the local clock the offset is applied to.
func (r *Remote) Local() Clock { return r.local }

// Now returns the local time plus the offset last observed, in UTC.
func (r *Remote) Now() time.Time {
	r.mu.RLock()
	offset := r.offset
	r.mu.RUnlock()
	return r.local.Now().Add(offset).UTC()
}
