package klarna

import (
	"context"
	"fmt"
	"sync"
)

// RequestRecord keeps what support needs to find the latest request made with a context:
// its idempotency key and both correlation IDs. A caller that cannot use a successful
// answer (a create whose body lacks the new object's ID) quotes them to its user.
type RequestRecord struct {
	mu                   sync.Mutex
	method, path         string
	idempotencyKey       string
	partnerCorrelationID string
	klarnaCorrelationID  string
}

type requestRecordKey struct{}

// WithRequestRecord returns a context whose requests are recorded in the returned record.
func WithRequestRecord(ctx context.Context) (context.Context, *RequestRecord) {
	r := &RequestRecord{}
	return context.WithValue(ctx, requestRecordKey{}, r), r
}

// record notes the latest attempt of op and what its response said, if any.
func recordRequest(ctx context.Context, op attemptInfo, m meta) {
	r, ok := ctx.Value(requestRecordKey{}).(*RequestRecord)
	if !ok {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.method, r.path = op.method, op.path
	r.idempotencyKey = op.idempotencyKey
	r.partnerCorrelationID = op.correlationID
	r.klarnaCorrelationID = m.correlationID
}

// Reference lists the recorded request's idempotency key and correlation IDs, one per line;
// "" when no request was made.
func (r *RequestRecord) Reference() string {
	if r == nil {
		return ""
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.method == "" {
		return ""
	}
	orNone := func(s string) string {
		if s == "" {
			return "(none)"
		}
		return s
	}
	return fmt.Sprintf("Request: %s %s\n%s: %s\n%s: %s\n%s: %s\n", r.method, r.path,
		HeaderIdempotencyKey, orNone(r.idempotencyKey), HeaderPartnerCorrelationID, orNone(r.partnerCorrelationID),
		HeaderKlarnaCorrelationID, orNone(r.klarnaCorrelationID))
}
