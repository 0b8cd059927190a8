package klarna

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// APIError is an error response of the API.
type APIError struct {
	StatusCode           int
	Method               string
	Path                 string
	ErrorID              string
	ErrorType            string
	ErrorCode            string
	ErrorMessage         string
	DocURL               string
	Errors               []ValidationError
	CorrelationID        string // Klarna-Correlation-Id of the response
	PartnerCorrelationID string // Partner-Correlation-Id the client sent
	MTLSStatus           string // Klarna-Mtls-Verification-Status of the response, if any
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if e.ErrorCode != "" {
		fmt.Fprintf(&b, " %s", e.ErrorCode)
	}
	if e.ErrorMessage != "" {
		fmt.Fprintf(&b, ": %s", e.ErrorMessage)
	}
	for _, v := range e.Errors {
		fmt.Fprintf(&b, "; %s: %s", v.Parameter, v.ErrorMessage)
	}
	b.WriteString(e.Reference())
	return b.String()
}

// Reference is the part of an error message that support needs to find the request:
// error ID and correlation IDs.
func (e *APIError) Reference() string {
	var parts []string
	if e.ErrorID != "" {
		parts = append(parts, "error_id "+e.ErrorID)
	}
	if e.CorrelationID != "" {
		parts = append(parts, "Klarna-Correlation-Id "+e.CorrelationID)
	}
	if e.PartnerCorrelationID != "" {
		parts = append(parts, "Partner-Correlation-Id "+e.PartnerCorrelationID)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// DDoSBlockedError is a 403 without a body: Klarna's DDoS protection blocked the request.
// It is never retried, and once one request was blocked the client sends no other: every
// later request fails at once with a DDoSBlockedError whose First is the blocked one.
type DDoSBlockedError struct {
	Method, Path         string
	PartnerCorrelationID string
	// First is the request that was blocked, when this one was not sent because of it.
	First *DDoSBlockedError
}

func (e *DDoSBlockedError) Error() string {
	const advice = "wait before trying again and contact Klarna if it persists"
	if e.First != nil {
		return fmt.Sprintf("%s %s: not sent: Klarna's DDoS protection blocked an earlier request of this provider "+
			"(%s %s answered HTTP 403 with no body, Partner-Correlation-Id %s), so the provider sends no more requests in this run; %s",
			e.Method, e.Path, e.First.Method, e.First.Path, e.First.PartnerCorrelationID, advice)
	}
	return fmt.Sprintf("%s %s: HTTP 403 with no body: the request was blocked by Klarna's DDoS protection; "+
		"it is not retried and the provider sends no more requests in this run; %s (Partner-Correlation-Id %s)",
		e.Method, e.Path, advice, e.PartnerCorrelationID)
}

// ExhaustedReason says why an operation stopped retrying.
type ExhaustedReason string

// Reasons of RetriesExhaustedError.
const (
	// ExhaustedRetries: every retry MaxRetries allows was used.
	ExhaustedRetries ExhaustedReason = "retries"
	// ExhaustedBudget: the retry budget ran out.
	ExhaustedBudget ExhaustedReason = "budget"
	// ExhaustedRetryAfter: the server asked for a wait that ends after the retry budget.
	ExhaustedRetryAfter ExhaustedReason = "retry_after"
	// ExhaustedCancelled: the operation's context ended.
	ExhaustedCancelled ExhaustedReason = "cancelled"
	// ExhaustedUnsendable: a later attempt could not be sent (a local error or a DDoS block)
	// after an earlier one may have reached the API.
	ExhaustedUnsendable ExhaustedReason = "unsendable"
)

// RetriesExhaustedError is the failure of an operation that stopped retrying.
type RetriesExhaustedError struct {
	Method, Path   string
	Attempts       int
	IdempotencyKey string
	// OutcomeUnknown is true for a change (POST, PATCH, PUT, DELETE) of which at least one
	// attempt got no answer or a server error: the server may have carried it out.
	OutcomeUnknown bool
	// Elapsed is the time from the first attempt to giving up; Budget the retry budget.
	Elapsed, Budget time.Duration
	Reason          ExhaustedReason
	// RetryAfter is the server's last Retry-After, for ExhaustedRetryAfter, and RetryAt the
	// time it ends.
	RetryAfter time.Duration
	RetryAt    time.Time
	Err        error
}

// AttemptCount is how many attempts were made, as a message says it: "1 attempt", "3 attempts".
func (e *RetriesExhaustedError) AttemptCount() string {
	if e.Attempts == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", e.Attempts)
}

func (e *RetriesExhaustedError) Error() string {
	var why string
	switch e.Reason {
	case ExhaustedBudget:
		why = fmt.Sprintf("the retry budget of %s ran out", e.Budget)
	case ExhaustedRetryAfter:
		left := max(e.Budget-e.Elapsed, 0).Round(time.Millisecond)
		why = fmt.Sprintf("the API asked to wait %s before retrying (Retry-After, until %s), longer than the %s left of the retry budget of %s",
			e.RetryAfter, e.RetryAt.UTC().Format(time.RFC3339), left, e.Budget)
	case ExhaustedRetries:
		why = "every allowed retry was used"
		if e.Attempts <= 1 {
			why = "no retry was allowed"
		}
	case ExhaustedCancelled:
		why = "the operation was cancelled"
	case ExhaustedUnsendable:
		why = "a later attempt could not be sent"
	default:
		why = "it could not be retried"
	}
	msg := fmt.Sprintf("%s %s failed after %s in %s (%s); last error: %v",
		e.Method, e.Path, e.AttemptCount(), e.Elapsed.Round(time.Millisecond), why, e.Err)
	if e.OutcomeUnknown {
		msg += "; the outcome is unknown: the API may have carried out the request"
		if e.IdempotencyKey != "" {
			msg += " (Klarna-Idempotency-Key " + e.IdempotencyKey + ")"
		}
	}
	return msg
}

func (e *RetriesExhaustedError) Unwrap() error { return e.Err }

// AsAPIError returns the API error inside err, if any.
func AsAPIError(err error) (*APIError, bool) {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr, true
	}
	return nil, false
}

func hasStatus(err error, status int) bool {
	apiErr, ok := AsAPIError(err)
	return ok && apiErr.StatusCode == status
}

// HasCode reports whether err is an API error with the given error_code.
func HasCode(err error, code string) bool {
	apiErr, ok := AsAPIError(err)
	return ok && apiErr.ErrorCode == code
}

// IsNotFound reports a 404.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsForbidden reports a 403 with an error body (the account boundary).
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsIPNotAllowed reports a 403 IP_NOT_ALLOWED: the authenticating account's IP allow-list
// is enforced and the request came from outside it.
func IsIPNotAllowed(err error) bool { return HasCode(err, CodeIPNotAllowed) }

// IsUnauthorized reports a 401 of any code, MTLS_REQUIRED included.
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsMTLSRequired reports a 401 MTLS_REQUIRED: the account enforces mTLS and the request
// presented no valid certificate.
func IsMTLSRequired(err error) bool { return HasCode(err, CodeMTLSRequired) }

// IsValidation reports a 400.
func IsValidation(err error) bool { return hasStatus(err, http.StatusBadRequest) }

// IsOutcomeUnknown reports a change whose retries were used up while the server may have
// carried it out.
func IsOutcomeUnknown(err error) bool {
	var e *RetriesExhaustedError
	return errors.As(err, &e) && e.OutcomeUnknown
}
