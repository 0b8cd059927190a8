package klarna

import (
	"context"
	"errors"
	"sync"
)

// Lookups for plan-time checks. A plan checks the same facts for many resources: whether
// a payment profile exists, whether an account is a partner of the caller. Each fact is
// asked once per client, i.e. once per Terraform operation (a client lives for one provider
// configuration), however many resources ask: concurrent callers share the one request in
// flight, and later callers get its answer. An error is not kept: the next caller asks
// again. Nothing outlives the client, so an account onboarded after one operation is seen
// by the next, and one the client onboards itself is recorded at once.

// lookupCache holds the answers of one kind of lookup, by key.
type lookupCache[V any] struct {
	mu      sync.Mutex
	flights map[string]*lookupFlight[V]
	sent    int // requests sent, for tests and figures
}

// lookupFlight is one lookup that concurrent callers share.
type lookupFlight[V any] struct {
	done chan struct{} // closed when v and err are set
	v    V
	err  error
}

// get answers key from the cache, or with fetch when no answer is held or in flight.
func (l *lookupCache[V]) get(ctx context.Context, key string, fetch func(context.Context) (V, error)) (V, error) {
	for {
		l.mu.Lock()
		if l.flights == nil {
			l.flights = map[string]*lookupFlight[V]{}
		}
		f := l.flights[key]
		leader := f == nil
		if leader {
			f = &lookupFlight[V]{done: make(chan struct{})}
			l.flights[key] = f
			l.sent++
		}
		l.mu.Unlock()

		if leader {
			f.v, f.err = fetch(ctx)
			if f.err != nil {
				l.mu.Lock()
				if l.flights[key] == f {
					delete(l.flights, key)
				}
				l.mu.Unlock()
			}
			close(f.done)
			return f.v, f.err
		}
		select {
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		case <-f.done:
		}
		// A lookup ended by its own caller's cancellation says nothing about this caller's.
		if f.err != nil && ctx.Err() == nil && (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) {
			continue
		}
		return f.v, f.err
	}
}

// set records v as the answer for key, replacing any held.
func (l *lookupCache[V]) set(key string, v V) {
	f := &lookupFlight[V]{done: make(chan struct{}), v: v}
	close(f.done)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.flights == nil {
		l.flights = map[string]*lookupFlight[V]{}
	}
	l.flights[key] = f
}

// count is how many requests the cache has sent.
func (l *lookupCache[V]) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sent
}

// lookups are the plan-time lookups of one client.
type lookups struct {
	profiles lookupCache[[]PaymentProfile]
	partners lookupCache[bool]
}

// PaymentProfiles lists the payment profiles the caller may onboard partners with, once
// per client: every plan of a partner account checks its profile against this one list.
func (c *Client) PaymentProfiles(ctx context.Context) ([]PaymentProfile, error) {
	return c.lookups.profiles.get(ctx, "", c.ListPaymentProfiles)
}

// IsPartnerAccount reports whether accountID is a partner account onboarded through the
// caller, with one GET of the account per account and client. The API has no list of the
// caller's partners, and a GET of one account costs what a page of a list would, so the
// client asks only about the accounts a configuration names. An account outside the
// caller's boundary (403 FORBIDDEN) or unknown (404) is no partner; any other error is
// returned and not kept. The provider's own account is not a partner account: callers
// compare it first.
func (c *Client) IsPartnerAccount(ctx context.Context, accountID string) (bool, error) {
	return c.lookups.partners.get(ctx, accountID, func(ctx context.Context) (bool, error) {
		_, err := c.GetPartnerAccount(ctx, accountID)
		switch {
		case err == nil:
			return true, nil
		case IsNotFound(err) || HasCode(err, CodeForbidden):
			return false, nil
		default:
			return false, err
		}
	})
}
