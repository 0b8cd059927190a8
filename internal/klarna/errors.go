package klarna

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
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
// It is never retried.
type DDoSBlockedError struct {
	Method, Path         string
	PartnerCorrelationID string
}

func (e *DDoSBlockedError) Error() string {
	return fmt.Sprintf("%s %s: HTTP 403 with no body: the request was blocked by Klarna's DDoS protection; "+
		"it is not retried, wait before trying again and contact Klarna if it persists (Partner-Correlation-Id %s)",
		e.Method, e.Path, e.PartnerCorrelationID)
}

// RetriesExhaustedError is the failure of an operation whose attempts were all used up.
type RetriesExhaustedError struct {
	Method, Path   string
	Attempts       int
	IdempotencyKey string
	// OutcomeUnknown is true for a change (POST, PATCH, PUT, DELETE) of which at least one
	// attempt got no answer or a server error: the server may have carried it out.
	OutcomeUnknown bool
	Err            error
}

func (e *RetriesExhaustedError) Error() string {
	msg := fmt.Sprintf("%s %s failed after %d attempts: %v", e.Method, e.Path, e.Attempts, e.Err)
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

// IsConflict reports a 409.
func IsConflict(err error) bool { return hasStatus(err, http.StatusConflict) }

// IsForbidden reports a 403 with an error body (the account boundary).
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsUnauthorized reports a 401 of any code, MTLS_REQUIRED included.
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsMTLSRequired reports a 401 MTLS_REQUIRED: the account enforces mTLS and the request
// presented no valid certificate.
func IsMTLSRequired(err error) bool { return HasCode(err, CodeMTLSRequired) }

// IsValidation reports a 400.
func IsValidation(err error) bool { return hasStatus(err, http.StatusBadRequest) }

// IsDDoSBlocked reports a 403 without a body.
func IsDDoSBlocked(err error) bool {
	var e *DDoSBlockedError
	return errors.As(err, &e)
}

// IsOutcomeUnknown reports a change whose retries were used up while the server may have
// carried it out.
func IsOutcomeUnknown(err error) bool {
	var e *RetriesExhaustedError
	return errors.As(err, &e) && e.OutcomeUnknown
}
