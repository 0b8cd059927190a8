package klarna

import (
	"context"
	"errors"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

// logSubsystem is the terraform-plugin-log subsystem of the HTTP client.
const logSubsystem = "klarna_http"

const masked = "***"

// Secrets masked in every log line of the subsystem, fields and messages alike.
var secretPatterns = []*regexp.Regexp{
	apirules.SecretShapeRegexp,
	regexp.MustCompile(`(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----`),
	regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`),
	regexp.MustCompile(`([?&]token=)[^&"\s]+`),
	regexp.MustCompile(`(?i)(Basic )[A-Za-z0-9+/=_-]+`),
	// A webhook signing key's secret has no shape of its own: its JSON field is masked.
	regexp.MustCompile(`("secret"\s*:\s*")[^"]*`),
}

// Redact masks every secret-shaped value in s: API keys and client IDs, PEM private keys,
// JWTs, deep-link tokens, Authorization values and webhook signing secrets.
func Redact(s string) string {
	for _, re := range secretPatterns {
		s = re.ReplaceAllStringFunc(s, func(m string) string {
			sub := re.FindStringSubmatch(m)
			// Keep a captured prefix such as "?token=" or "Basic " readable.
			if len(sub) > 1 && sub[1] != "" && (re.NumSubexp() == 1) {
				return sub[1] + masked
			}
			return masked
		})
	}
	return s
}

// withLogging returns a context whose HTTP subsystem masks the Authorization header, the
// given secrets (the API key, raw and base64-encoded) and every secret-shaped value.
func withLogging(ctx context.Context, secrets ...string) context.Context {
	ctx = tflog.NewSubsystem(ctx, logSubsystem)
	ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, logSubsystem, "authorization", HeaderAuthorization)
	ctx = tflog.SubsystemMaskAllFieldValuesRegexes(ctx, logSubsystem, secretPatterns...)
	ctx = tflog.SubsystemMaskMessageRegexes(ctx, logSubsystem, secretPatterns...)
	for _, secret := range secrets {
		if secret != "" {
			ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, secret)
			ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, secret)
		}
	}
	return ctx
}

func logRequest(ctx context.Context, op attemptInfo, attempt int) {
	fields := map[string]any{
		"method":                 op.method,
		"path":                   op.path,
		"route":                  op.template,
		"attempt":                attempt,
		"partner_correlation_id": op.correlationID,
	}
	if op.idempotencyKey != "" {
		fields["idempotency_key"] = op.idempotencyKey
	}
	tflog.SubsystemDebug(ctx, logSubsystem, "Sending API request", fields)
	if op.body != nil {
		tflog.SubsystemTrace(ctx, logSubsystem, "API request body", map[string]any{
			"partner_correlation_id": op.correlationID,
			"body":                   Redact(string(op.body)),
		})
	}
}

func logResponse(ctx context.Context, op attemptInfo, attempt, status int, took time.Duration, m meta, body []byte) {
	fields := map[string]any{
		"method":                 op.method,
		"path":                   op.path,
		"attempt":                attempt,
		"status":                 status,
		"duration_ms":            took.Milliseconds(),
		"partner_correlation_id": op.correlationID,
		"klarna_correlation_id":  m.correlationID,
	}
	if m.mtlsStatus != "" {
		fields["mtls_verification_status"] = m.mtlsStatus
	}
	tflog.SubsystemDebug(ctx, logSubsystem, "Received API response", fields)
	if len(body) > 0 {
		tflog.SubsystemTrace(ctx, logSubsystem, "API response body", map[string]any{
			"partner_correlation_id": op.correlationID,
			"body":                   Redact(string(body)),
		})
	}
}

func logTransportError(ctx context.Context, op attemptInfo, attempt int, took time.Duration, err error) {
	tflog.SubsystemWarn(ctx, logSubsystem, "API request got no response", map[string]any{
		"method":                 op.method,
		"path":                   op.path,
		"attempt":                attempt,
		"duration_ms":            took.Milliseconds(),
		"partner_correlation_id": op.correlationID,
		"error":                  err.Error(),
	})
}

// logWaiting says at WARN why the client waits before the next attempt and until when.
func logWaiting(ctx context.Context, op attemptInfo, attempt int, wait time.Duration, until, deadline time.Time, cause error) {
	fields := map[string]any{
		"method":                 op.method,
		"path":                   op.path,
		"attempt":                attempt,
		"wait_ms":                wait.Milliseconds(),
		"until":                  until.UTC().Format(time.RFC3339Nano),
		"retry_budget_ends":      deadline.UTC().Format(time.RFC3339Nano),
		"partner_correlation_id": op.correlationID,
		"reason":                 cause.Error(),
	}
	if ra, ok := errors.AsType[*retryAfterError](cause); ok {
		fields["retry_after_ms"] = ra.after.Milliseconds()
	}
	tflog.SubsystemWarn(ctx, logSubsystem, "Waiting before retrying an API request", fields)
}

// logGivingUp says at WARN that the server asked for a wait past the retry budget.
func logGivingUp(ctx context.Context, op attemptInfo, attempt int, e *RetriesExhaustedError) {
	tflog.SubsystemWarn(ctx, logSubsystem, "Not retrying an API request: the server's Retry-After ends after the retry budget", map[string]any{
		"method":                 op.method,
		"path":                   op.path,
		"attempt":                attempt,
		"retry_after_ms":         e.RetryAfter.Milliseconds(),
		"retry_after_until":      e.RetryAt.UTC().Format(time.RFC3339Nano),
		"retry_budget_ms":        e.Budget.Milliseconds(),
		"elapsed_ms":             e.Elapsed.Milliseconds(),
		"partner_correlation_id": op.correlationID,
		"reason":                 e.Err.Error(),
	})
}
