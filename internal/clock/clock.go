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
